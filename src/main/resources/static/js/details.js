// The details panel: a node's or edge's facts, and for every fact its confidence, sources and
// claims, disputes included — analysts must see both sides, not one silently chosen value.
import { gql, ORG, PROVENANCE } from './api.js';
import { h, clear, date, safeHref } from './dom.js';
import { kindStyle } from './style.js';
import { formatCount } from './views/exposure.js';

const ORGANISATION = `query($id: ID!) { organisation(id: $id) {
  ${ORG} aliases companyNumber domain postcode status description directClientCount
  processors { id processor { id name } categories { name specialCategory } people records purpose since until ${PROVENANCE} }
  subProcessors { id subProcessor { id name } allCategories categories { name } purpose ${PROVENANCE} }
  incidents { id name }
} }`;

function facts(rows) {
  const items = rows.filter(([, v]) => v != null && v !== '' && !(Array.isArray(v) && !v.length));
  return h('dl', { class: 'facts' }, items.map(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join(', ') : String(v))]));
}

/** A source's publisher, linked only when its address is http(s); any other address is shown as text. */
function sourceName(s) {
  const href = safeHref(s.url);
  if (href) return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, s.publisher);
  return s.url ? [s.publisher, h('span', { class: 'meta' }, ` (${s.url})`)] : s.publisher;
}

/** Confidence, dispute flag, sources and claims of one Sourced fact. */
export function provenance(fact) {
  if (!fact || fact.confidence == null) return null;
  return h('div', { class: 'provenance' },
    h('div', { class: 'confidence' },
      h('meter', { min: 0, max: 100, value: fact.confidence, 'aria-label': 'confidence' }),
      ` confidence ${fact.confidence}/100`,
      fact.disputed ? h('span', { class: 'badge disputed', title: 'At least one claim disputes this fact' }, 'DISPUTED') : null),
    fact.sources && fact.sources.length ? h('ul', { class: 'sources' }, fact.sources.map((s) => h('li', {},
      sourceName(s),
      s.title ? ` — ${s.title}` : '', s.published ? ` (${date(s.published)})` : ''))) : null,
    fact.claims && fact.claims.length ? h('ul', { class: 'claims' }, fact.claims.map((c) => h('li', { class: c.stance === 'DISPUTES' ? 'disputes' : 'supports' },
      h('strong', {}, c.stance === 'DISPUTES' ? 'Disputes: ' : 'Supports: '), c.statement,
      ` (${c.confidence}/100${c.sources && c.sources.length ? `, ${c.sources.map((s) => s.publisher).join(', ')}` : ''})`))) : null);
}

function section(title, ...children) {
  return h('section', { class: 'detail-section' }, h('h4', {}, title), ...children);
}

function actions(node, ctx) {
  const buttons = [];
  const id = node.id();
  if (node.data('entity') === 'Organisation' || node.data('entity') === 'ExposedClient' || node.data('entity') === 'Cluster') {
    buttons.push(h('button', { type: 'button', onclick: () => ctx.toggleExpand(node) }, node.data('expanded') ? 'Collapse' : 'Expand'));
  }
  if (node.data('org')) {
    buttons.push(h('button', { type: 'button', onclick: () => ctx.navigate(`#/vendor/${encodeURIComponent(id)}`) }, 'Exposure if breached'));
    buttons.push(h('button', { type: 'button', onclick: () => ctx.navigate(`#/client/${encodeURIComponent(id)}`) }, 'Supply chain'));
  }
  if (node.data('entity') === 'ThreatActor') {
    buttons.push(h('button', { type: 'button', onclick: () => ctx.navigate(`#/actor/${encodeURIComponent(id)}`) }, 'Actor view'));
  }
  if (node.data('entity') === 'Incident') {
    buttons.push(h('button', { type: 'button', onclick: () => ctx.navigate(`#/incident/${encodeURIComponent(id)}`) }, 'Blast radius'));
  }
  return buttons.length ? h('div', { class: 'actions' }, buttons) : null;
}

async function organisationSections(id, ctx) {
  try {
    const { organisation: o } = await gql(ORGANISATION, { id });
    return [
      facts([['Status', o.status], ['Aliases', o.aliases], ['ODS code', o.odsCode], ['Company number', o.companyNumber],
        ['Domain', o.domain], ['Postcode', o.postcode], ['Commissioner', o.commissionerCode],
        ['Direct clients', o.directClientCount], ['Unnamed group', o.unnamedGroup ? 'yes: stands for members not named in the sources' : null]]),
      o.description ? h('p', { class: 'description' }, o.description) : null,
      o.processors.length ? section('Entrusts data to', o.processors.map((f) => h('div', { class: 'fact' },
        h('div', {}, h('strong', {}, f.processor.name), f.purpose ? ` — ${f.purpose}` : ''),
        facts([['Categories', f.categories.map((c) => c.name + (c.specialCategory ? ' (Art. 9)' : ''))], ['People', f.people && formatCount(f.people)],
          ['Records', f.records && formatCount(f.records)], ['Since', date(f.since)], ['Until', date(f.until)]]),
        provenance(f)))) : null,
      o.subProcessors.length ? section('Passes data on to', o.subProcessors.map((s) => h('div', { class: 'fact' },
        h('div', {}, h('strong', {}, s.subProcessor.name), s.purpose ? ` — ${s.purpose}` : ''),
        facts([['Categories', s.allCategories ? 'all it holds' : s.categories.map((c) => c.name)]]), provenance(s)))) : null,
      o.incidents.length ? section('Breached in', h('ul', {}, o.incidents.map((i) => h('li', {},
        h('a', { href: `#/incident/${encodeURIComponent(i.id)}` }, i.name))))) : null,
    ];
  } catch (e) {
    return [h('p', { class: 'error', role: 'alert' }, e.messages ? e.messages.join('; ') : 'Could not load details.')];
  }
}

function exposureSection(record) {
  if (!record || record.hops == null) return null;
  return section('Exposure', facts([
    ['Hops', `${record.hops}${record.direct ? ' (direct client)' : ' (through sub-processors)'}`],
    ['Categories', record.categories.map((c) => c.name + (c.specialCategory ? ' (Art. 9)' : ''))],
    ['People', formatCount(record.people)], ['Path', record.path.map((o) => o.name).join(' → ')],
  ]), provenance({ confidence: record.confidence, disputed: record.disputed }));
}

/** Fills the panel for a selected node or edge; organisations are completed from the server. */
export async function showDetails(panel, element, ctx) {
  if (!element) {
    clear(panel, h('p', { class: 'hint' }, 'Select a node or an edge to see its facts, sources and disputes. Double-click a node to expand it.'));
    return;
  }
  const d = element.data();
  if (element.isEdge()) {
    const fact = d.fact && d.fact.sources ? d.fact : null;
    clear(panel, h('h3', {}, `${element.source().data('name')} → ${element.target().data('name')}`),
      facts([['Relation', d.relation || 'data flow'], ['Categories', d.categories.map((c) => c.name + (c.specialCategory ? ' (Art. 9)' : ''))],
        ['People', d.people && formatCount(d.people)]]),
      provenance(fact || (d.fact && { confidence: d.fact.confidence, disputed: d.fact.disputed })));
    return;
  }
  const style = kindStyle(d.kind);
  const header = [h('h3', {}, d.name), h('p', { class: 'kind' }, h('span', { class: 'swatch', style: { background: style.colour } }), d.cluster ? `group of ${d.members}` : (d.kind || '').replace(/_/g, ' ').toLowerCase())];
  const members = d.cluster ? (ctx.registry.get(d.id) || []) : [];
  clear(panel, header, actions(element, ctx), exposureSection(d.record), d.fact ? section('Attribution', provenance(d.fact)) : null,
    members.length ? section('Members', h('ul', {}, members.slice(0, 20).map((m) => h('li', {}, m.client.name))),
      members.length > 20 ? h('p', { class: 'meta' }, `… and ${members.length - 20} more; expand the group or export the CSV.`) : null) : null,
    d.extraFacts ? facts(d.extraFacts) : null, d.org ? h('p', { class: 'hint' }, 'Loading facts…') : null);
  if (d.org) {
    const token = Symbol('details');
    panel.token = token;
    const sections = await organisationSections(d.id, ctx);
    if (panel.token !== token) return; // another node was selected meanwhile
    clear(panel, header, actions(element, ctx), exposureSection(d.record), sections);
  }
}
