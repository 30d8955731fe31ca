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
  { selector: 'node[?centre]', style: { 'border-width': 5, 'border-color': '#111', 'font-weight': 'bold', 'font-size': 15 } },
  { selector: 'node[?cluster]', style: { 'border-style': 'dashed', 'border-color': '#333', 'border-width': 2 } },
  { selector: 'node[?unnamed]', style: { 'border-style': 'dotted', 'border-color': '#333', 'border-width': 3 } },
  { selector: 'node:selected', style: { 'overlay-color': '#0a58ca', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
  { selector: 'edge', style: {
    width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
    'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 10,
    'min-zoomed-font-size': 7,
    color: '#333', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff',
    'text-background-opacity': 0.85, 'text-background-padding': 1 } },
  { selector: 'edge', style: { 'line-style': 'data(lineStyle)' } },
  { selector: 'edge:selected', style: { 'overlay-color': '#0a58ca', 'overlay-opacity': 0.25 } },
  { selector: '.hidden', style: { display: 'none' } },
];
