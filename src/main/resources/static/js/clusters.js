// Large exposures (a national vendor has thousands of GP practices) are drawn as groups, e.g.
// "146 GP practices in QKK", so the page stays readable and fast; a click expands a group.

/** Above this many clients in one view, similar clients are grouped. */
export const CLUSTER_THRESHOLD = 60;
/** Smaller groups than this are not worth a group node: their members are drawn as themselves. */
export const MIN_GROUP = 6;
/** One expansion draws at most this many members; the rest stay grouped. */
export const EXPAND_BATCH = 150;

const PLURALS = {
  GP_PRACTICE: 'GP practices', NHS_TRUST: 'NHS trusts', NHS_BODY: 'NHS bodies',
  PRIVATE_CLINIC: 'private clinics', PRIVATE_HOSPITAL: 'private hospitals', GOVERNMENT: 'government bodies',
  LOCAL_AUTHORITY: 'local authorities', REGULATOR: 'regulators', LAW_ENFORCEMENT: 'law-enforcement bodies',
  CHARITY: 'charities', VENDOR: 'vendors', OTHER: 'organisations',
};

export function groupLabel(kind, code, count) {
  const what = PLURALS[kind] || 'organisations';
  return code ? `${count} ${what} in ${code}` : `${count} ${what}`;
}

/**
 * Splits exposed clients ({client:{kind, commissionerCode}, hops, ...}) into ones drawn singly and
 * groups of the same kind, commissioner and distance. Below the threshold nothing is grouped.
 */
export function clusterClients(exposed, { threshold = CLUSTER_THRESHOLD, minGroup = MIN_GROUP } = {}) {
  if (exposed.length <= threshold) return { singles: exposed, clusters: [] };
  const groups = new Map();
  for (const e of exposed) {
    const code = e.client.commissionerCode || '';
    const key = `${e.client.kind}|${code}|${e.hops}`;
    if (!groups.has(key)) groups.set(key, { key, kind: e.client.kind, code, hops: e.hops, members: [] });
    groups.get(key).members.push(e);
  }
  const singles = [];
  const clusters = [];
  for (const g of groups.values()) {
    if (g.members.length < minGroup) singles.push(...g.members);
    else clusters.push({ ...g, label: groupLabel(g.kind, g.code, g.members.length) });
  }
  clusters.sort((a, b) => b.members.length - a.members.length);
  return { singles, clusters };
}
