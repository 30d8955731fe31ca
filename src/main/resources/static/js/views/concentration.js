// Concentration: which fourth parties many clients depend on (single points of failure),
// ranked by the concentrationRisk analytics. Shown as a grid largest first plus a ranked table.
import { gql, ORG } from '../api.js';
import { h, clear, select } from '../dom.js';
import { GraphBuilder } from '../graph.js';
import { gridPositions } from '../layout.js';
import { KINDS } from '../style.js';

const QUERY = `query($first: Int, $category: ID, $kind: OrganisationKind) {
  concentrationRisk(first: $first, category: $category, kind: $kind) {
    organisation { ${ORG} } dependentClients specialCategoryClients people score
  } }`;
const CATEGORIES = '{ dataCategories { id name specialCategory } }';

export async function render(ctx, _id, params) {
  const first = Number(params.get('first')) || 20;
  const category = params.get('category') || '';
  const kind = params.get('kind') || '';
  const go = (changes) => {
    const next = new URLSearchParams({ first, category, kind, ...changes });
    ctx.navigate(`#/concentration?${next}`);
  };
  ctx.setTitle('Concentration risk — the suppliers many clients share');
  const categories = await gql(CATEGORIES).then((d) => d.dataCategories).catch(() => []);
  clear(ctx.toolbar,
    select('Top', [['10', '10'], ['20', '20'], ['50', '50']], String(first), (v) => go({ first: v })),
    select('Category', [['', 'all categories'], ...categories.map((c) => [c.id, c.name])], category, (v) => go({ category: v })),
    select('Client kind', [['', 'all kinds'], ...Object.keys(KINDS).filter((k) => !['ACTOR', 'INCIDENT', 'SOFTWARE', 'CLUSTER'].includes(k))
      .map((k) => [k, k.replace(/_/g, ' ').toLowerCase()])], kind, (v) => go({ kind: v })));
  let risks;
  try {
    risks = (await gql(QUERY, { first, category: category || null, kind: kind || null })).concentrationRisk;
  } catch (e) {
    // The controls above stay usable; the message says what went wrong.
    ctx.graph.clear();
    clear(ctx.side, h('p', { class: 'error', role: 'alert' }, `Concentration risk unavailable: ${(e.messages || [e.message]).join('; ')}`));
    ctx.setRows('concentration', []);
    return;
  }
  const builder = new GraphBuilder();
  risks.forEach((r, i) => builder.org(r.organisation, {
    ring: 1, people: r.people, role: 'supplier',
    labelText: `#${i + 1} ${r.organisation.name}\n${r.dependentClients} clients · ${r.specialCategoryClients} Art. 9`,
    extraFacts: [['Dependent clients', r.dependentClients], ['Clients with Art. 9 data', r.specialCategoryClients], ['People', r.people], ['Score', r.score.toFixed(2)]],
  }));
  ctx.graph.show(builder, gridPositions(risks.map((r) => r.organisation.id)));
  const rows = risks.map((r, i) => ({ rank: i + 1, organisation: r.organisation.name, organisationId: r.organisation.id, kind: r.organisation.kind,
    dependentClients: r.dependentClients, specialCategoryClients: r.specialCategoryClients, people: r.people ?? '', score: r.score }));
  clear(ctx.side, rows.length ? h('table', { class: 'ranked' },
    h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Supplier'), h('th', {}, 'Clients'), h('th', {}, 'Art. 9'), h('th', {}, 'Score'))),
    h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, r.rank),
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => ctx.selectNode(r.organisationId) }, r.organisation)),
      h('td', {}, r.dependentClients), h('td', {}, r.specialCategoryClients), h('td', {}, r.score.toFixed(2))))))
    : h('p', {}, 'No shared suppliers match these filters.'));
  ctx.setRows('concentration', rows);
}
