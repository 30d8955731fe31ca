// The legend, one list for the page and both exports: every node kind with its colour, shape and tag,
// every line style with its meaning (style.EDGE_LEGEND, the same table edgeData draws from), and the
// borders. The exports draw it under the graph with the view's title and the date.
import { KINDS, EDGE_LEGEND, DASHES } from './style.js';
import { h, svg, clear } from './dom.js';
import { shapeMarkup, shapePath, corners, cornerRadius } from './shapes.js';

const BORDERS = [
  { text: 'dotted border: unnamed group', shape: 'ellipse', dash: DASHES.dotted },
  { text: 'thick black border: centre of the view', shape: 'ellipse', thick: true },
];

/** Legend entries: {kind: 'node'|'edge'|'border', text, …}. */
export function legendEntries() {
  return [
    ...Object.values(KINDS).map((k) => ({ kind: 'node', text: k.tag, shape: k.shape, colour: k.colour })),
    ...EDGE_LEGEND.map((e) => ({ kind: 'edge', ...e })),
    ...BORDERS.map((b) => ({ kind: 'border', ...b })),
  ];
}

function symbol(entry) {
  if (entry.kind === 'edge') {
    return svg('svg', { width: 24, height: 12, 'aria-hidden': 'true' }, svg('line', {
      x1: 1, y1: 6, x2: 23, y2: 6, stroke: entry.colour, 'stroke-width': entry.thin ? 1 : 3, 'stroke-dasharray': DASHES[entry.line].join(' ') || null,
    }));
  }
  const icon = svg('svg', { width: 14, height: 14, 'aria-hidden': 'true' });
  if (entry.kind === 'border') {
    icon.append(svg('circle', { cx: 7, cy: 7, r: 5.5, fill: '#d5dbe1', stroke: '#111', 'stroke-width': entry.thick ? 2.5 : 1.5, 'stroke-dasharray': entry.dash ? entry.dash.join(' ') : null }));
  } else {
    const points = corners(entry.shape, 7, 7, 6, 6);
    icon.append(entry.shape === 'ellipse' ? svg('ellipse', { cx: 7, cy: 7, rx: 6, ry: 6, fill: entry.colour })
      : points ? svg('polygon', { points: points.map((p) => p.join(',')).join(' '), fill: entry.colour })
        : svg('rect', { x: 1, y: 1, width: 12, height: 12, rx: cornerRadius(entry.shape, 6, 6), fill: entry.colour }));
  }
  return icon;
}

/** Fills the page's legend list. */
export function renderLegend(list) {
  clear(list, legendEntries().map((e) => h('li', { 'data-legend': e.kind }, symbol(e), e.text)));
}

const ROW = 18;

/** Lays entries out left to right in rows of at most `width`; returns [{entry, x, y}] and the height. */
function flow(width, measure) {
  let x = 0;
  let y = 0;
  const placed = legendEntries().map((entry) => {
    const w = (entry.kind === 'edge' ? 30 : 20) + measure(entry.text) + 16;
    if (x + w > width && x > 0) { x = 0; y += ROW; }
    const spot = { entry, x, y };
    x += w;
    return spot;
  });
  return { placed, height: y + ROW };
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** The legend as SVG markup at (x, y), wrapped to `width`; returns {markup, height}. */
export function legendSvg(x, y, width) {
  const { placed, height } = flow(width, (t) => t.length * 6.2);
  const parts = placed.map(({ entry, x: dx, y: dy }) => {
    const left = x + dx;
    const mid = y + dy + ROW / 2;
    let mark;
    if (entry.kind === 'edge') {
      const dash = DASHES[entry.line].length ? ` stroke-dasharray="${DASHES[entry.line].join(' ')}"` : '';
      mark = `<line x1="${left}" y1="${mid}" x2="${left + 24}" y2="${mid}" stroke="${entry.colour}" stroke-width="${entry.thin ? 1 : 3}"${dash}/>`;
    } else if (entry.kind === 'border') {
      const dash = entry.dash ? ` stroke-dasharray="${entry.dash.join(' ')}"` : '';
      mark = `<circle cx="${left + 7}" cy="${mid}" r="5.5" fill="#d5dbe1" stroke="#111" stroke-width="${entry.thick ? 2.5 : 1.5}"${dash}/>`;
    } else {
      mark = shapeMarkup(entry.shape, left + 7, mid, 6, 6, entry.colour);
    }
    const textX = left + (entry.kind === 'edge' ? 30 : 20);
    return `${mark}<text x="${textX}" y="${mid + 4}" font-size="11" fill="#1d2630">${esc(entry.text)}</text>`;
  });
  return { markup: parts.join(''), height };
}

/** Draws the legend on a canvas at (x, y), wrapped to `width`; returns its height. */
export function drawLegend(g, x, y, width) {
  g.font = '11px sans-serif';
  const { placed, height } = flow(width, (t) => g.measureText(t).width);
  for (const { entry, x: dx, y: dy } of placed) {
    const left = x + dx;
    const mid = y + dy + ROW / 2;
    g.save();
    if (entry.kind === 'edge') {
      g.strokeStyle = entry.colour;
      g.lineWidth = entry.thin ? 1 : 3;
      g.setLineDash(DASHES[entry.line]);
      g.beginPath(); g.moveTo(left, mid); g.lineTo(left + 24, mid); g.stroke();
    } else if (entry.kind === 'border') {
      g.fillStyle = '#d5dbe1';
      g.strokeStyle = '#111';
      g.lineWidth = entry.thick ? 2.5 : 1.5;
      g.setLineDash(entry.dash || []);
      shapePath(g, 'ellipse', left + 7, mid, 5.5, 5.5); g.fill(); g.stroke();
    } else {
      g.fillStyle = entry.colour;
      shapePath(g, entry.shape, left + 7, mid, 6, 6); g.fill();
    }
    g.restore();
    g.fillStyle = '#1d2630';
    g.fillText(entry.text, left + (entry.kind === 'edge' ? 30 : 20), mid + 4);
  }
  return height;
}
