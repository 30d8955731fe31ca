// Client supply chain: "whose breach would expose this client?" The client at the centre, its
// processors, their sub-processors (fourth parties) and software in rings by hops. Uses the
// supplyChain analytics; if that fails, walks processors and their sub-processors (two hops).
import { gql, ORG, CATEGORY } from '../api.js';
import { h, clear } from '../dom.js';
import { GraphBuilder } from '../graph.js';
import { depthControl } from './vendor.js';
import { RELATION_COLOURS } from '../style.js';

const SUPPLY_CHAIN = `query($id: ID!, $depth: Int) { supplyChain(clientId: $id, maxDepth: $depth) {
  client { ${ORG} }
  links { organisation { ${ORG} } software { id name publisher } hops path { ${ORG} } categories { ${CATEGORY} } }
} }`;

const FALLBACK = `query($id: ID!) { organisation(id: $id) {
  ${ORG}
  software { software { id name publisher } }
  processors { processor { ${ORG}
      software { software { id name publisher } }
      subProcessors { subProcessor { ${ORG} } allCategories categories { ${CATEGORY} } } }
    categories { ${CATEGORY} } }
} }`;

/** The same links supplyChain returns, walked by hand to two hops. */
function linksFromFlows(o) {
  const links = [];
  for (const f of o.processors) {
    links.push({ organisation: f.processor, hops: 1, path: [o, f.processor], categories: f.categories });
    f.processor.software.forEach((s) => links.push({ software: s.software, hops: 1, path: [o, f.processor], categories: [] }));
    for (const s of f.processor.subProcessors) {
      const passed = s.allCategories ? f.categories : f.categories.filter((c) => s.categories.some((k) => k.id === c.id));
      links.push({ organisation: s.subProcessor, hops: 2, path: [o, f.processor, s.subProcessor], categories: passed });
    }
  }
  return links;
}

function draw(ctx, client, links) {
  const builder = new GraphBuilder();
  builder.org(client, { ring: 0, centre: true, role: 'client' });
  for (const link of links) {
    const path = link.path[0]?.id === client.id ? link.path : [client, ...link.path];
    path.slice(1).forEach((o, i) => builder.org(o, { ring: i + 1, role: 'supplier', categoryIds: link.categories.map((c) => c.id) }));
    for (let i = 0; i < path.length - 1; i++) builder.edge(path[i].id, path[i + 1].id, { categories: link.categories, role: 'flow' });
    if (link.software) {
      const holder = path.at(-1);
      builder.node(`software:${link.software.id}`, {
        name: link.software.name, kind: 'SOFTWARE', ring: link.hops + 1, entity: 'Software',
        extraFacts: [['Publisher', link.software.publisher]],
      });
      builder.edge(holder.id, `software:${link.software.id}`, { text: 'runs', relation: 'runs software', colourOverride: RELATION_COLOURS.software });
    }
  }
  ctx.graph.show(builder);
}

export async function render(ctx, id, params) {
  const depth = Math.min(6, Math.max(1, Number(params.get('depth')) || 3));
  let client;
  let links;
  try {
    ({ client, links } = (await gql(SUPPLY_CHAIN, { id, depth })).supplyChain);
  } catch (e) {
    ctx.warn((e.messages || [e.message]).map((m) => `Supply chain: ${m} — showing processors and their sub-processors instead.`));
    const { organisation } = await gql(FALLBACK, { id });
    client = organisation;
    links = linksFromFlows(organisation).filter((l) => l.hops <= depth);
  }
  draw(ctx, client, links);
  ctx.setTitle(`${client.name} — supply chain`);
  clear(ctx.toolbar, depthControl(depth, (d) => ctx.navigate(`#/client/${encodeURIComponent(id)}?depth=${d}`)));
  const rows = links.map((l) => ({
    supplier: l.organisation ? l.organisation.name : l.software.name, type: l.organisation ? l.organisation.kind : 'SOFTWARE',
    hops: l.hops, path: l.path.map((o) => o.name).join(' > '), categories: l.categories.map((c) => c.name).join('; '),
  }));
  clear(ctx.side,
    h('p', { class: 'summary' }, `${rows.length} supplier link(s) within ${depth} hop(s). A breach of any of them can expose ${client.name}'s data.`),
    h('ol', { class: 'rows' }, rows.map((r, i) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => ctx.selectNode(links[i].organisation ? links[i].organisation.id : `software:${links[i].software.id}`) }, r.supplier),
      h('span', { class: 'meta' }, ` ${r.hops} hop(s)${r.categories ? ` · ${r.categories}` : ''}`)))));
  ctx.setRows(`supply-chain-${id}`, rows);
}
