// Positions computed here, not by a force layout: rings by hop distance are what the analyst asked
// for ("clients in rings by hops"), and they cost O(n) where a force layout would freeze on
// thousands of nodes.

const RING_GAP = 190;
const NODE_SPACING = 80;

/** nodes: [{id, ring, side?}] → {id: {x, y}}; ring 0 at the centre, `side: 'top'` pins a node above. */
export function ringPositions(nodes) {
  const rings = new Map();
  const pinned = [];
  for (const n of nodes) {
    if (n.side === 'top') { pinned.push(n); continue; }
    if (!rings.has(n.ring)) rings.set(n.ring, []);
    rings.get(n.ring).push(n);
  }
  const positions = {};
  let radius = 0;
  const offsetOf = (ring) => ring * 0.45 - Math.PI / 2;
  for (const ring of [...rings.keys()].sort((a, b) => a - b)) {
    const members = rings.get(ring);
    const wanted = ring === 0 && members.length === 1 ? 0 : (members.length * NODE_SPACING) / (2 * Math.PI);
    radius = ring === 0 ? wanted : Math.max(radius + RING_GAP, wanted);
    // Each ring starts at a different angle so labels of neighbouring rings do not line up.
    members.forEach((n, i) => {
      const angle = offsetOf(ring) + (2 * Math.PI * i) / members.length;
      positions[n.id] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
    });
  }
  // Pinned nodes (the actor) go beyond the outer ring, in the gap between the first two nodes of
  // ring 1, so their edge to the centre does not run through a client.
  const first = rings.get(1);
  const gapAngle = first && first.length > 1 ? offsetOf(1) + Math.PI / first.length : -Math.PI / 2;
  pinned.forEach((n, i) => {
    const r = radius + RING_GAP * (0.8 + i * 0.5);
    positions[n.id] = { x: r * Math.cos(gapAngle), y: r * Math.sin(gapAngle) };
  });
  return positions;
}

/** Rows of a grid, largest first: for ranked lists such as concentration risk. */
export function gridPositions(ids, columns = 5, gap = 190) {
  const positions = {};
  ids.forEach((id, i) => {
    positions[id] = { x: (i % columns) * gap, y: Math.floor(i / columns) * gap };
  });
  return positions;
}

/**
 * Places new neighbours beyond `from`, pointing away from the centre: a small arc for a few,
 * a sunflower spiral for many (an expanded group of 150 practices), so none sit on each other.
 */
export function arcAround(from, count, distance = 150) {
  const base = Math.atan2(from.y, from.x) || 0;
  if (count > 8) {
    const centre = { x: from.x + 2 * distance * Math.cos(base), y: from.y + 2 * distance * Math.sin(base) };
    return Array.from({ length: count }, (_, i) => {
      const r = 45 * Math.sqrt(i + 0.5);
      const angle = i * 2.39996; // the golden angle spreads points evenly
      return { x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle) };
    });
  }
  const spread = Math.min(Math.PI, 0.35 * Math.max(count - 1, 1));
  return Array.from({ length: count }, (_, i) => {
    const angle = count === 1 ? base : base - spread / 2 + (spread * i) / (count - 1);
    return { x: from.x + distance * Math.cos(angle), y: from.y + distance * Math.sin(angle) };
  });
}

/**
 * A grid block for `count` members of a group at `from`, on the far side from `centre`: rows of
 * names read like a list, the block never covers the centre or the chain to it, and its members'
 * short links to the group stay inside the block's side of the drawing.
 */
export function blockBeyond(from, centre, count, { across = 84, down = 48, gap = 110 } = {}) {
  const angle = Math.atan2(from.y - centre.y, from.x - centre.x) || -Math.PI / 2;
  // Wider than tall, like the screen: 150 members make 15 columns of 10.
  const columns = Math.max(1, Math.ceil(Math.sqrt(count * 1.5)));
  const rows = Math.ceil(count / columns);
  const halfWidth = ((columns - 1) * across) / 2;
  const halfHeight = ((rows - 1) * down) / 2;
  // Far enough along the group's direction that the block's near side is `gap` beyond the group.
  const toSide = Math.min(halfWidth / Math.max(Math.abs(Math.cos(angle)), 1e-6), halfHeight / Math.max(Math.abs(Math.sin(angle)), 1e-6));
  const reach = gap + toSide;
  const middle = { x: from.x + reach * Math.cos(angle), y: from.y + reach * Math.sin(angle) };
  return Array.from({ length: count }, (_, i) => ({
    x: middle.x - halfWidth + (i % columns) * across,
    y: middle.y - halfHeight + Math.floor(i / columns) * down,
  }));
}
