// Alerts: the caller's watches and, for one, its alerts newest first (paged with the `alerts` query,
// docs/alerts.md). Each alert says what happened, when, which watched organisations are exposed with
// which categories (Art. 9 flagged), and opens its blast radius: the incident view for an incident,
// the vendor view of the breached or exploited organisation otherwise. The graph draws the listed
// alerts' explaining paths, watched organisation → … → breached organisation.
import { gql, ORG, CATEGORY } from '../api.js';
import { h, clear, select, date } from '../dom.js';
import { GraphBuilder } from '../graph.js';

const PAGE = 20;
const WATCHES = '{ watches { id name createdAt } }';
const ALERTS = `query($watchId: ID!, $first: Int, $after: String) {
  alerts(watchId: $watchId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id event summary raisedAt subjectId sourceOrganisations confidence
                   exposed { organisationId name categories specialCategory hops path } } }
  } }`;

const EVENTS = {
  INCIDENT: 'Incident', LEAK_SITE: 'Leak-site claim', NEW_EXPOSURE: 'New exposure', RISK_THRESHOLD: 'Risk threshold',
};

/** Where an alert's blast radius is drawn: the incident itself, or the organisation whose breach or risk exposes. */
export function blastRadius(alert) {
  if (alert.event === 'INCIDENT' || alert.event === 'LEAK_SITE') return `#/incident/${encodeURIComponent(alert.subjectId)}`;
  const source = alert.sourceOrganisations[0] || alert.subjectId.split('@').pop();
  return `#/vendor/${encodeURIComponent(source)}`;
}

/** The organisations on the alerts' paths, by id; one request (aliases), ids passed as variables. */
async function organisations(ids) {
  if (!ids.length) return new Map();
  const variables = Object.fromEntries(ids.map((id, i) => [`i${i}`, id]));
  const query = `query(${ids.map((_, i) => `$i${i}: ID!`).join(', ')}) { ${ids.map((_, i) => `o${i}: organisation(id: $i${i}) { ${ORG} }`).join(' ')} }`;
  try {
    const data = await gql(query, variables);
    return new Map(Object.values(data).filter(Boolean).map((o) => [o.id, o]));
  } catch (e) {
    return new Map(); // names are a nicety: the ids stand in
  }
}

async function drawPaths(ctx, alerts) {
  const exposures = alerts.flatMap((a) => a.exposed);
  const [known, categories] = await Promise.all([organisations([...new Set(exposures.flatMap((x) => x.path))]),
    gql(`{ dataCategories { ${CATEGORY} } }`).then((d) => new Map(d.dataCategories.map((c) => [c.id, c]))).catch(() => new Map())]);
  const builder = new GraphBuilder();
  for (const x of exposures) {
    const last = x.path.length - 1;
    // The exposed categories travel the whole chain: each edge carries them (colour and line style as elsewhere).
    const carried = x.categories.map((id) => categories.get(id) || { id, name: id, specialCategory: x.specialCategory });
    x.path.forEach((id, i) => {
      const org = known.get(id) || { id, name: i === 0 ? (x.name || id) : id, kind: i === 0 ? 'OTHER' : 'VENDOR' };
      // The breached organisation at the centre, each watched one as many hops out as its chain is long.
      builder.org(org, { ring: last - i, centre: i === last, role: i === last ? 'breached' : 'via' });
      if (i < last) builder.edge(id, x.path[i + 1], { categories: carried });
    });
  }
  ctx.graph.show(builder);
}

function alertItem(ctx, alert) {
  return h('li', { class: 'alert-item', 'data-alert': alert.id },
    h('div', {}, h('strong', {}, EVENTS[alert.event] || alert.event), h('span', { class: 'meta' }, ` · ${date(alert.raisedAt)}`)),
    h('div', {}, alert.summary),
    h('ul', { class: 'rows' }, alert.exposed.map((x) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => ctx.selectNode(x.organisationId) }, x.name || x.organisationId),
      x.specialCategory ? h('span', { class: 'badge art9', title: 'UK GDPR Article 9 special-category data' }, 'Art. 9') : null,
      h('div', { class: 'meta' }, `${x.categories.join(', ')} · ${x.hops} hop${x.hops === 1 ? '' : 's'}: ${x.path.join(' → ')}`)))),
    h('div', { class: 'actions' },
      h('a', { href: blastRadius(alert), class: 'blast-radius' }, 'Open blast radius'),
      h('span', { class: 'meta' }, `confidence ${alert.confidence}`)));
}

export async function render(ctx, watchId, params) {
  const { watches } = await gql(WATCHES);
  if (!watchId && watches.length) {
    location.replace(`#/alerts/${encodeURIComponent(watches[0].id)}`);
    return;
  }
  ctx.setTitle('Alerts');
  if (!watches.length) {
    ctx.graph.clear();
    clear(ctx.toolbar);
    clear(ctx.side, h('p', {}, 'This key watches nothing yet. A watch is created through the API (createWatch, docs/alerts.md).'));
    ctx.setRows('alerts', []);
    return;
  }
  const watch = watches.find((w) => w.id === watchId) || { id: watchId, name: watchId };
  const after = params.get('after') || '';
  const { alerts } = await gql(ALERTS, { watchId, first: PAGE, after: after || null });
  const list = alerts.edges.map((e) => e.node);
  ctx.setTitle(`Alerts — ${watch.name}`);
  clear(ctx.toolbar,
    select('Watch', watches.map((w) => [w.id, w.name]), watchId, (id) => ctx.navigate(`#/alerts/${encodeURIComponent(id)}`)),
    after ? h('a', { href: `#/alerts/${encodeURIComponent(watchId)}`, class: 'control' }, 'Newest') : null,
    alerts.pageInfo.hasNextPage ? h('button', { type: 'button', id: 'alerts-older',
      onclick: () => ctx.navigate(`#/alerts/${encodeURIComponent(watchId)}?${new URLSearchParams({ after: alerts.pageInfo.endCursor })}`) }, 'Older') : null,
    h('span', { class: 'meta' }, `${alerts.totalCount} alert${alerts.totalCount === 1 ? '' : 's'}, newest first`));
  clear(ctx.side, list.length ? h('ol', { class: 'rows alerts', 'aria-label': 'Alerts' }, list.map((a) => alertItem(ctx, a)))
    : h('p', {}, after ? 'No older alerts.' : 'No alerts for this watch yet.'));
  await drawPaths(ctx, list);
  ctx.setRows(`alerts-${watchId}`, list.map((a) => ({ raisedAt: a.raisedAt, event: a.event, summary: a.summary, alertId: a.id,
    exposed: a.exposed.map((x) => x.name || x.organisationId).join('; '), specialCategory: a.exposed.some((x) => x.specialCategory),
    paths: a.exposed.map((x) => x.path.join(' > ')).join('; ') })));
}
