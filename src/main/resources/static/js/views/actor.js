// Actor view: what else is this actor behind? The actor, related actors (never merged) and the
// incidents attributed to it with the vendors they breached; an incident opens its blast radius.
import { gql, ORG } from '../api.js';
import { h, clear } from '../dom.js';
import { GraphBuilder } from '../graph.js';
import { RELATION_COLOURS } from '../style.js';

const QUERY = `query($id: ID!) { threatActor(id: $id) {
  id name type aliases externalIds description
  uses { id name type } usedBy { id name type } relatedTo { id name type }
  incidents { id name discovered breachedVendors { ${ORG} } }
} }`;

export async function render(ctx, id) {
  const { threatActor: a } = await gql(QUERY, { id });
  const builder = new GraphBuilder();
  builder.node(a.id, { name: a.name, kind: 'ACTOR', ring: 0, centre: true, entity: 'ThreatActor',
    extraFacts: [['Type', a.type], ['Aliases', a.aliases], ['External ids', a.externalIds], ['About', a.description]] });
  const relate = (list, text, outgoing) => list.forEach((r) => {
    builder.node(r.id, { name: r.name, kind: 'ACTOR', ring: 1, entity: 'ThreatActor', extraFacts: [['Type', r.type]] });
    builder.edge(outgoing ? a.id : r.id, outgoing ? r.id : a.id, { text, relation: text, colourOverride: RELATION_COLOURS.actor });
  });
  relate(a.uses, 'uses', true);
  relate(a.usedBy, 'uses', false);
  relate(a.relatedTo, 'related to (distinct)', true);
  for (const i of a.incidents) {
    builder.node(i.id, { name: i.name, kind: 'INCIDENT', ring: 1, entity: 'Incident', extraFacts: [['Discovered', i.discovered]] });
    builder.edge(a.id, i.id, { text: 'attributed', relation: 'attributed to', colourOverride: RELATION_COLOURS.actor });
    i.breachedVendors.forEach((v) => {
      builder.org(v, { ring: 2, role: 'breached' });
      builder.edge(i.id, v.id, { text: 'breached', relation: 'breached', colourOverride: RELATION_COLOURS.actor });
    });
  }
  ctx.graph.show(builder);
  ctx.setTitle(`${a.name} — incidents and related actors`);
  clear(ctx.toolbar, h('span', { class: 'meta' }, 'Related actors are linked, never merged.'));
  clear(ctx.side, h('p', { class: 'summary' }, a.description || ''),
    h('h3', {}, 'Incidents'), h('ul', { class: 'rows' }, a.incidents.map((i) => h('li', {},
      h('a', { href: `#/incident/${encodeURIComponent(i.id)}` }, i.name), h('span', { class: 'meta' }, ` ${i.breachedVendors.map((v) => v.name).join(', ')}`)))));
  ctx.setRows(`actor-${id}`, a.incidents.map((i) => ({ incident: i.name, incidentId: i.id, discovered: i.discovered ?? '', breached: i.breachedVendors.map((v) => v.name).join('; ') })));
}
