// How things look. Every kind has a colour AND a shape AND a short tag in the label, so the graph
// still reads in greyscale or for colour-blind users (issue 6, "readable without colour alone").

export const KINDS = {
  VENDOR: { colour: '#1f4e79', shape: 'round-rectangle', tag: 'vendor' },
  GP_PRACTICE: { colour: '#2e8b57', shape: 'ellipse', tag: 'GP' },
  NHS_TRUST: { colour: '#3a7d44', shape: 'hexagon', tag: 'NHS trust' },
  NHS_BODY: { colour: '#5a9e6f', shape: 'octagon', tag: 'NHS body' },
  PRIVATE_CLINIC: { colour: '#b5651d', shape: 'diamond', tag: 'clinic' },
  PRIVATE_HOSPITAL: { colour: '#c98a2b', shape: 'round-diamond', tag: 'hospital' },
  GOVERNMENT: { colour: '#6b4c9a', shape: 'pentagon', tag: 'gov' },
  LOCAL_AUTHORITY: { colour: '#8a6fb8', shape: 'round-pentagon', tag: 'council' },
  REGULATOR: { colour: '#4b6584', shape: 'tag', tag: 'regulator' },
  LAW_ENFORCEMENT: { colour: '#34495e', shape: 'round-tag', tag: 'police' },
  CHARITY: { colour: '#b03a6f', shape: 'heptagon', tag: 'charity' },
  OTHER: { colour: '#7f8c8d', shape: 'rectangle', tag: 'other' },
  ACTOR: { colour: '#c0392b', shape: 'star', tag: 'actor' },
  INCIDENT: { colour: '#e67e22', shape: 'vee', tag: 'incident' },
  SOFTWARE: { colour: '#16a085', shape: 'cut-rectangle', tag: 'software' },
  CLUSTER: { colour: '#95a5a6', shape: 'barrel', tag: 'group' },
};

export function kindStyle(kind) {
  return KINDS[kind] || KINDS.OTHER;
}

// Edge colour by the most sensitive category carried; Article 9 gets its own hue (magenta),
// not just the darkest step of the scale, because it changes the legal duty, not only the harm.
export const ARTICLE_9 = '#c2185b';
const SENSITIVITY = ['#b0b7bf', '#b0b7bf', '#8fa9c4', '#e0a030', '#e06a30', '#b71c1c'];

/** Relations that are not data flows: drawn solid, in their own colours, never in the data scale. */
export const RELATION_COLOURS = { actor: '#7b1fa2', software: '#16a085', member: '#9aa5b1' };

/**
 * What each kind of line means, in the order the legend (and the exports' legends) lists it. edgeData
 * in graph.js draws exactly these, so the legend cannot drift from the drawing.
 */
export const EDGE_LEGEND = [
  { text: 'Art. 9 special-category data (solid)', colour: ARTICLE_9, line: 'solid' },
  { text: 'other personal data (dashed; grey → red by sensitivity)', colour: '#e06a30', line: 'dashed' },
  { text: 'disputed fact (dotted)', colour: '#555555', line: 'dotted' },
  { text: 'actor or incident relation, not a data flow (solid)', colour: RELATION_COLOURS.actor, line: 'solid' },
  { text: 'runs software (solid)', colour: RELATION_COLOURS.software, line: 'solid' },
  { text: 'member of an expanded group', colour: RELATION_COLOURS.member, line: 'solid', thin: true },
];

/** Dash patterns shared by the drawing, the SVG export and the legends (screen pixels). */
export const DASHES = { solid: [], dashed: [8, 5], dotted: [2, 4] };

export function edgeColour(categories) {
  if (categories.some((c) => c.specialCategory)) return ARTICLE_9;
  const top = Math.max(0, ...categories.map((c) => c.sensitivity || 0));
  return SENSITIVITY[Math.min(top, 5)];
}

/** Node diameter from data-subject count: log scale, so 1,700 and 1,700,000 both fit on screen. */
export function sizeFor(people) {
  if (!people) return 34;
  return Math.round(34 + Math.min(46, 9 * Math.log10(people)));
}

export function shortCategories(categories, max = 2) {
  const names = categories.map((c) => c.name);
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} +${names.length - max}`;
}

export const STYLESHEET = [
  { selector: 'node', style: {
    'background-color': 'data(colour)', shape: 'data(shape)', width: 'data(size)', height: 'data(size)',
    label: 'data(label)', 'font-size': 13, 'min-zoomed-font-size': 5, 'text-wrap': 'wrap', 'text-max-width': 140,
    'text-valign': 'bottom', 'text-margin-y': 4, color: '#1d2630',
    'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
    'border-width': 2, 'border-color': '#ffffff' } },
  { selector: 'node[?centre]', style: { 'border-width': 5, 'border-color': '#111', 'font-weight': 'bold', 'font-size': 17, 'z-index': 20 } },
  { selector: 'node[?cluster]', style: { 'border-style': 'dashed', 'border-color': '#333', 'border-width': 2 } },
  { selector: 'node[?unnamed]', style: { 'border-style': 'dotted', 'border-color': '#333', 'border-width': 3 } },
  // A group's members: small, in a grid beyond the group (layout.blockBeyond), names readable on zoom.
  { selector: 'node[role = "member"]', style: { width: 20, height: 20, 'font-size': 9, 'text-max-width': 80, 'text-margin-y': 2 } },
  { selector: 'node[role = "member"][?cluster]', style: { width: 40, height: 40 } },
  { selector: 'node:selected', style: { 'overlay-color': '#0a58ca', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
  // Edge labels only on hover or selection (or around the selected node): always drawn, they collide
  // where edges converge and hide the line style, which is the only colour-free signal of a dispute.
  { selector: 'edge', style: {
    width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
    'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: '', 'font-size': 11,
    'min-zoomed-font-size': 7,
    color: '#1d2630', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff',
    'text-background-opacity': 0.9, 'text-background-padding': 2, 'text-border-opacity': 1,
    'text-border-width': 1, 'text-border-color': '#b0b7bf' } },
  { selector: 'edge', style: { 'line-style': 'data(lineStyle)' } },
  { selector: 'edge[lineStyle = "dashed"]', style: { 'line-dash-pattern': DASHES.dashed } },
  { selector: 'edge[?nonData]', style: { 'target-arrow-shape': 'vee' } },
  { selector: 'edge[role = "member"]', style: { width: 1, 'target-arrow-shape': 'none', 'curve-style': 'haystack', opacity: 0.6 } },
  { selector: 'edge.labelled, edge.hover, edge:selected', style: { label: 'data(label)', 'z-index': 10 } },
  { selector: 'edge:selected', style: { 'overlay-color': '#0a58ca', 'overlay-opacity': 0.25 } },
  { selector: '.hidden', style: { display: 'none' } },
];
