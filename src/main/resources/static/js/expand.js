// Expand / collapse a node in place: a group draws its members, an organisation its own processors
// and sub-processors; doing it again removes what it added.
import { gql, ORG, CATEGORY } from './api.js';
import { GraphBuilder } from './graph.js';
import { clusterExpansion } from './views/exposure.js';

const NEIGHBOURS = `query($id: ID!) { organisation(id: $id) {
  processors { processor { ${ORG} } categories { ${CATEGORY} } people }
  subProcessors { subProcessor { ${ORG} } allCategories categories { ${CATEGORY} } }
} }`;

async function neighbours(node, ctx) {
  try {
    const { organisation: o } = await gql(NEIGHBOURS, { id: node.id() });
    const b = new GraphBuilder();
    o.processors.forEach((f) => {
      b.org(f.processor, { role: 'via' });
      b.edge(node.id(), f.processor.id, { categories: f.categories, people: f.people, role: 'flow' });
    });
    o.subProcessors.forEach((s) => {
      b.org(s.subProcessor, { role: 'via' });
      b.edge(node.id(), s.subProcessor.id, { categories: s.categories, text: s.allCategories ? 'all categories' : null, relation: 'sub-processing' });
    });
    if (!ctx.graph.addAround(node, b)) ctx.warn([`${node.data('name')} has no further processors or sub-processors to show.`]);
  } catch (e) {
    ctx.warn(e.messages || [e.message]);
  }
}

export async function toggleExpand(node, ctx) {
  if (node.data('expanded')) ctx.graph.collapse(node);
  else if (node.data('cluster')) {
    ctx.graph.addAround(node, clusterExpansion(node, ctx.registry), { block: true });
    // A block of up to 150 members: show it whole with the vendor, rather than centre the group.
    ctx.graph.fit();
    ctx.selectNode(node.id(), { centre: false });
    return;
  } else if (node.data('org')) await neighbours(node, ctx);
  ctx.selectNode(node.id());
}
