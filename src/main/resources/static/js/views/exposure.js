// Drawing "who is exposed through this vendor", shared by the vendor view and the incident view
// (vendorExposure and incidentImpact both return ExposedClient records).
import { ORG, CATEGORY } from '../api.js';
import { clusterClients, groupLabel, EXPAND_BATCH } from '../clusters.js';
import { GraphBuilder } from '../graph.js';
import { RELATION_COLOURS } from '../style.js';

export const EXPOSED_CLIENT = `client { ${ORG} } categories { ${CATEGORY} } specialCategory sensitivePopulation
  hops direct path { ${ORG} } people confidence disputed`;

function unionCategories(members) {
  const byId = new Map();
  members.forEach((m) => m.categories.forEach((c) => byId.set(c.id, c)));
  return [...byId.values()];
}

/** Adds the chain client → … → vendor for one exposed client (or a group standing for many). */
function addChain(builder, id, exposed, categories, people) {
  const path = exposed.path.length ? exposed.path : [exposed.client];
  for (let i = 1; i < path.length - 1; i++) {
    builder.org(path[i], { ring: path.length - 1 - i, role: 'via' });
  }
  const next = path.length > 1 ? path[1].id : null;
  if (next) {
    builder.edge(id, next, { categories, people, disputed: exposed.disputed, confidence: exposed.confidence, role: 'flow', fact: exposed });
  }
  for (let i = 1; i < path.length - 1; i++) {
    builder.edge(path[i].id, path[i + 1].id, { categories, role: 'flow' });
  }
}

function addSingle(builder, e) {
  builder.org(e.client, {
    ring: e.hops, role: 'client', people: e.people, categoryIds: e.categories.map((c) => c.id),
    entity: 'ExposedClient', record: e,
  });
  addChain(builder, e.client.id, e, e.categories, e.people);
}

function addCluster(builder, cluster, registry) {
  const id = `cluster:${cluster.key}:${cluster.members.length}:${registry.size}`;
  registry.set(id, cluster.members);
  const categories = unionCategories(cluster.members);
  const people = cluster.members.reduce((sum, m) => sum + (m.people || 0), 0) || null;
  builder.node(id, {
    name: cluster.label, kind: cluster.kind, cluster: true, ring: cluster.hops, role: 'client', people,
    categoryIds: categories.map((c) => c.id), entity: 'Cluster', members: cluster.members.length,
  });
  // Members of a group may reach the vendor by different first processors: one edge per route.
  cluster.members.forEach((m) => addChain(builder, id, m, categories, people));
}

/** Adds the vendor at the centre and its exposed clients (grouped when there are many). */
export function addExposure(builder, vendor, exposedClients, registry) {
  builder.org(vendor, { ring: 0, centre: true, role: 'breached' });
  const { singles, clusters } = clusterClients(exposedClients);
  singles.forEach((e) => addSingle(builder, e));
  clusters.forEach((c) => addCluster(builder, c, registry));
}

/**
 * Elements for expanding a group: its first members singly, each tied to the group (which keeps the
 * chain to the vendor, so 150 lines do not converge on it), and the rest as a smaller group.
 */
export function clusterExpansion(clusterNode, registry) {
  const members = registry.get(clusterNode.id()) || [];
  const builder = new GraphBuilder();
  const member = (id) => builder.edge(id, clusterNode.id(), { role: 'member', relation: 'member of the group', colourOverride: RELATION_COLOURS.member, text: '' });
  members.slice(0, EXPAND_BATCH).forEach((e) => {
    builder.org(e.client, {
      ring: e.hops, role: 'member', people: e.people, categoryIds: e.categories.map((c) => c.id), entity: 'ExposedClient', record: e,
    });
    member(e.client.id);
  });
  const rest = members.slice(EXPAND_BATCH);
  if (rest.length) {
    const first = rest[0];
    const id = `${clusterNode.id()}-rest`;
    registry.set(id, rest);
    builder.node(id, {
      name: `${groupLabel(first.client.kind, first.client.commissionerCode, rest.length)} (more)`, kind: first.client.kind, cluster: true,
      ring: first.hops, role: 'member', categoryIds: unionCategories(rest).map((c) => c.id), entity: 'Cluster', members: rest.length,
    });
    member(id);
  }
  return builder;
}

export function exposureRows(exposedClients) {
  return exposedClients.map((e) => ({
    client: e.client.name, clientId: e.client.id, kind: e.client.kind, hops: e.hops, direct: e.direct,
    categories: e.categories.map((c) => c.name).join('; '), specialCategory: e.specialCategory,
    people: e.people ?? '', confidence: e.confidence, disputed: e.disputed,
    path: e.path.map((o) => o.name).join(' > '),
  }));
}

export function formatCount(n) {
  return n == null ? 'unknown' : n.toLocaleString('en-GB');
}
