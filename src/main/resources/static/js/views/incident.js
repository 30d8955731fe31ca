// Incident blast radius: breached vendor(s) at the centre, exposed clients in rings by hops, the
// actor above, and the notification worklist beside the graph. incidentImpact (analytics) may
// be unavailable or fail: then each breached vendor's vendorExposure stands in and the
// worklist says why it is missing.
import { gql, ORG, CATEGORY, PROVENANCE } from '../api.js';
import { h, clear, date } from '../dom.js';
import { GraphBuilder } from '../graph.js';
import { addExposure, exposureRows, EXPOSED_CLIENT, formatCount } from './exposure.js';
import { clientList, dateControl, asOfParam, viewHash } from './vendor.js';
import { provenance } from '../details.js';
import { RELATION_COLOURS } from '../style.js';

const INCIDENT = `query($id: ID!) { incident(id: $id) {
  id name kind discovered leakStatus ransomDemand summary ${PROVENANCE}
  breachedVendors { ${ORG} }
  attributions { id actor { id name type aliases } ${PROVENANCE} }
  exposedCategories { id category { ${CATEGORY} } ${PROVENANCE} }
} }`;

// A separate request: if the server lacks incidentImpact, validation fails the whole document.
const IMPACT = `query($id: ID!, $asOf: Date) { incidentImpact(incidentId: $id, asOf: $asOf) {
  asOf exposedClients { ${EXPOSED_CLIENT} } categories { ${CATEGORY} } totalPeople
  notifications { controller { ${ORG} } deadline notifyIndividuals reason }
} }`;

const VENDOR_EXPOSURE = `query($id: ID!, $asOf: Date) { vendorExposure(vendorId: $id, maxDepth: 3, asOf: $asOf) {
  asOf exposedClients { ${EXPOSED_CLIENT} } totalPeople } }`;

/** incidentImpact for `asOf` (null: the server's default, the discovery date), else the vendors' exposure on the same day. */
async function impactOrFallback(incident, asOf) {
  try {
    const { incidentImpact } = await gql(IMPACT, { id: incident.id, asOf });
    return { impact: incidentImpact, problem: null };
  } catch (e) {
    const messages = e.messages || [e.message];
    const day = asOf || (incident.discovered ? String(incident.discovered).slice(0, 10) : null);
    const perVendor = await Promise.all(incident.breachedVendors.map((v) => gql(VENDOR_EXPOSURE, { id: v.id, asOf: day }).then((d) => d.vendorExposure)));
    const exposedClients = perVendor.flatMap((x) => x.exposedClients);
    return { impact: { asOf: perVendor[0]?.asOf ?? day, exposedClients, notifications: null, totalPeople: null }, problem: messages };
  }
}

function worklist(ctx, impact, problem) {
  if (impact.notifications && !impact.notifications.length) {
    return h('p', { class: 'meta' }, 'No notification duties computed (for example, the discovery date is unknown).');
  }
  if (impact.notifications) {
    const sorted = [...impact.notifications].sort((a, b) => String(a.deadline).localeCompare(String(b.deadline)));
    // Earliest deadline first; a national breach has thousands, so the list stops (the CSV has all).
    const more = sorted.length > 200 ? h('p', { class: 'meta' }, `… and ${sorted.length - 200} more: export the CSV for all of them.`) : null;
    return [h('ol', { class: 'rows worklist' }, sorted.slice(0, 200).map((n) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => ctx.selectNode(n.controller.id) }, n.controller.name),
      h('div', { class: 'meta' }, `by ${date(n.deadline)} · `, n.notifyIndividuals ? h('strong', {}, 'tell individuals') : 'ICO only'),
      h('div', { class: 'reason' }, n.reason)))), more];
  }
  return h('div', {},
    h('p', { class: 'error', role: 'alert' }, `Notification worklist unavailable: ${problem.join('; ')}`),
    h('p', { class: 'meta' }, 'Controllers exposed (from each breached vendor\'s exposure), to assess by hand:'),
    clientList(ctx, impact.exposedClients));
}

export async function render(ctx, id, params) {
  const asOf = asOfParam(params);
  const { incident } = await gql(INCIDENT, { id });
  const { impact, problem } = await impactOrFallback(incident, asOf);
  const builder = new GraphBuilder();
  const [centre, ...others] = incident.breachedVendors;
  if (centre) addExposure(builder, centre, impact.exposedClients.filter((e) => e.path.at(-1)?.id === centre.id || !others.length), ctx.registry);
  others.forEach((v) => addExposure(builder, v, impact.exposedClients.filter((e) => e.path.at(-1)?.id === v.id), ctx.registry));
  for (const a of incident.attributions) {
    builder.node(a.actor.id, {
      name: a.actor.name, kind: 'ACTOR', ring: 99, side: 'top', role: 'actor', entity: 'ThreatActor', fact: a,
      extraFacts: [['Type', a.actor.type], ['Aliases', a.actor.aliases]],
    });
    incident.breachedVendors.forEach((v) => builder.edge(a.actor.id, v.id, {
      text: `breached (${a.confidence}/100)`, relation: 'attributed breach', role: 'actor', colourOverride: RELATION_COLOURS.actor, fact: a, disputed: a.disputed,
    }));
  }
  ctx.graph.show(builder);
  const onDiscovery = !asOf && incident.discovered && String(incident.discovered).startsWith(impact.asOf);
  ctx.setTitle(`${incident.name} — blast radius as of ${date(impact.asOf)}${onDiscovery ? ' (discovery date)' : ''}`);
  clear(ctx.toolbar,
    dateControl(asOf, impact.asOf, 'Discovery date', (d) => ctx.navigate(viewHash('incident', id, { asOf: d }))),
    h('span', { class: 'meta' }, 'Rings: 1 = direct clients, 2+ = through sub-processors. Actor above.'));
  const people = impact.totalPeople ?? impact.exposedClients.reduce((s, e) => s + (e.people || 0), 0);
  clear(ctx.side,
    h('div', { class: 'summary' },
      h('p', {}, h('strong', {}, incident.breachedVendors.map((v) => v.name).join(', ')), ' breached',
        incident.discovered ? `, discovered ${date(incident.discovered)}` : '', '; by ',
        h('strong', {}, incident.attributions.map((a) => a.actor.name).join(', ') || 'unknown actor'), '.'),
      h('p', {}, `${impact.exposedClients.length} exposed clients; ${formatCount(people || null)} people where known; leak: ${incident.leakStatus.toLowerCase().replace(/_/g, ' ')}.`),
      incident.ransomDemand ? h('p', {}, `Ransom: ${incident.ransomDemand}`) : null,
      h('details', {}, h('summary', {}, 'Incident sources and disputes'), incident.summary ? h('p', {}, incident.summary) : null, provenance(incident)),
      h('details', {}, h('summary', {}, `Leaked categories (${incident.exposedCategories.length})`),
        h('ul', {}, incident.exposedCategories.map((c) => h('li', {}, c.category.name, c.category.specialCategory ? h('span', { class: 'badge art9' }, 'Art. 9') : null,
          c.disputed ? h('span', { class: 'badge disputed' }, 'disputed') : null, ` ${c.confidence}/100`))))),
    h('h3', {}, 'Notification worklist'), worklist(ctx, impact, problem));
  const rows = impact.notifications
    ? impact.notifications.map((n) => ({ controller: n.controller.name, controllerId: n.controller.id, kind: n.controller.kind,
      deadline: n.deadline, notifyIndividuals: n.notifyIndividuals, reason: n.reason }))
    : exposureRows(impact.exposedClients);
  ctx.setRows(`incident-${id}-${impact.asOf}`, rows);
}
