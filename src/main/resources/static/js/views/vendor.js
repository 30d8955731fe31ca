// Vendor view: "this vendor is breached — who is exposed?" The vendor at the centre, exposed
// clients in rings by hops, its own sub-processors, with depth and filter controls.
import { gql, ORG, CATEGORY, PROVENANCE } from '../api.js';
import { h, clear, select, date } from '../dom.js';
import { GraphBuilder } from '../graph.js';
import { addExposure, exposureRows, EXPOSED_CLIENT, formatCount } from './exposure.js';

const QUERY = `query($id: ID!, $depth: Int, $asOf: Date) {
  vendorExposure(vendorId: $id, maxDepth: $depth, asOf: $asOf) {
    vendor { ${ORG} } asOf totalClients totalPeople specialCategory categories { ${CATEGORY} }
    exposedClients { ${EXPOSED_CLIENT} }
  }
  organisation(id: $id) {
    id incidents { id name }
    subProcessors { id allCategories purpose subProcessor { ${ORG} } categories { ${CATEGORY} } ${PROVENANCE} }
  }
}`;

export function depthControl(depth, onChange) {
  const output = h('output', { for: 'depth' }, `${depth} hop${depth > 1 ? 's' : ''}`);
  return h('label', { class: 'control', for: 'depth' }, 'Depth ',
    h('input', { id: 'depth', type: 'range', min: 1, max: 6, value: depth, 'aria-valuetext': `${depth} hops`,
      oninput: (e) => { output.value = `${e.target.value} hops`; },
      onchange: (e) => onChange(Number(e.target.value)) }), output);
}

/** The `asOf` hash parameter when it is a date (YYYY-MM-DD), else null (the server's default). */
export function asOfParam(params) {
  const value = params.get('asOf') || '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/**
 * "As of" date control: the view is answered for that day (facts that started later or had ended by
 * then do not count). `shown` is the date the server answered for; `onChange(null)` goes back to the default.
 */
export function dateControl(asked, shown, defaultText, onChange) {
  return h('span', { class: 'control' },
    h('label', { for: 'as-of' }, 'As of '),
    h('input', { id: 'as-of', type: 'date', value: shown, required: true, onchange: (e) => { if (e.target.value) onChange(e.target.value); } }),
    asked ? h('button', { type: 'button', id: 'as-of-reset', onclick: () => onChange(null) }, defaultText) : null);
}

/** The view's address with its parameters, dropping empty ones. */
export function viewHash(view, id, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '').map(([k, v]) => [k, String(v)]));
  return `#/${view}/${encodeURIComponent(id)}${query.size ? `?${query}` : ''}`;
}

/** Filters by category and client kind; they hide, they do not re-query. */
export function filterControls(ctx, categories, kinds) {
  const filters = { category: '', kind: '' };
  const apply = () => ctx.graph.filter(filters);
  return [
    select('Category', [['', 'all categories'], ...categories.map((c) => [c.id, c.name + (c.specialCategory ? ' (Art. 9)' : '')])], '',
      (v) => { filters.category = v; apply(); }),
    select('Client kind', [['', 'all kinds'], ...kinds.map((k) => [k, k.replace(/_/g, ' ').toLowerCase()])], '',
      (v) => { filters.kind = v; apply(); }),
  ];
}

/** Rows shown beside the graph; a national vendor has thousands, so the list stops (the CSV has all). */
const LIST_LIMIT = 200;

export function clientList(ctx, exposed) {
  const shown = exposed.slice(0, LIST_LIMIT);
  return [h('ol', { class: 'rows' }, shown.map((e) => h('li', {},
    h('button', { type: 'button', class: 'link', onclick: () => ctx.selectNode(e.client.id) }, e.client.name),
    h('span', { class: 'meta' }, ` ${e.hops} hop${e.hops > 1 ? 's' : ''}`, e.people ? ` · ${formatCount(e.people)} people` : '',
      e.specialCategory ? h('span', { class: 'badge art9' }, 'Art. 9') : null, e.disputed ? h('span', { class: 'badge disputed' }, 'disputed') : null)))),
  exposed.length > LIST_LIMIT ? h('p', { class: 'meta' }, `… and ${exposed.length - LIST_LIMIT} more: export the CSV for all of them.`) : null];
}

export async function render(ctx, id, params) {
  const depth = Math.min(6, Math.max(1, Number(params.get('depth')) || 3));
  const asOf = asOfParam(params);
  const data = await gql(QUERY, { id, depth, asOf });
  const x = data.vendorExposure;
  const builder = new GraphBuilder();
  addExposure(builder, x.vendor, x.exposedClients, ctx.registry);
  for (const s of data.organisation.subProcessors) {
    builder.org(s.subProcessor, { ring: 1, role: 'subprocessor' });
    // "All categories" passes on everything the vendor holds: draw it as what is exposed here.
    builder.edge(x.vendor.id, s.subProcessor.id, {
      categories: s.allCategories ? x.categories : s.categories, text: s.allCategories ? 'all categories' : null, relation: 'sub-processing', fact: s, disputed: s.disputed,
    });
  }
  ctx.graph.show(builder);
  ctx.setTitle(`${x.vendor.name} — who is exposed if it is breached, as of ${date(x.asOf)}`);
  const kinds = [...new Set(x.exposedClients.map((e) => e.client.kind))].sort();
  clear(ctx.toolbar, depthControl(depth, (d) => ctx.navigate(viewHash('vendor', id, { depth: d, asOf }))),
    dateControl(asOf, x.asOf, 'Today', (d) => ctx.navigate(viewHash('vendor', id, { depth, asOf: d }))),
    filterControls(ctx, x.categories, kinds));
  clear(ctx.side,
    h('div', { class: 'summary' },
      h('p', {}, h('strong', {}, x.totalClients), ` exposed client${x.totalClients === 1 ? '' : 's'} within ${depth} hop${depth > 1 ? 's' : ''} on ${date(x.asOf)}; `,
        h('strong', {}, formatCount(x.totalPeople)), ' people where known.'),
      x.specialCategory ? h('p', {}, h('span', { class: 'badge art9' }, 'Art. 9'), ' special-category data is exposed.') : null,
      h('p', { class: 'meta' }, `${data.organisation.subProcessors.length} sub-processor(s) of its own.`),
      data.organisation.incidents.length ? h('p', {}, 'Breached in: ', data.organisation.incidents.map((i) =>
        h('a', { href: `#/incident/${encodeURIComponent(i.id)}`, class: 'incident-link' }, i.name))) : null),
    h('h3', {}, 'Exposed clients'), clientList(ctx, x.exposedClients));
  ctx.setRows(`exposure-${id}-${x.asOf}`, exposureRows(x.exposedClients));
}
