// Exports of the current view for reports: PNG (Cytoscape's own renderer, framed with title, date and
// legend), SVG (our serialiser: Cytoscape has none built in, and cytoscape-svg is GPL-3.0 and not
// published as a WebJar; see docs/web.md), and CSV of the view's rows.
import { DASHES } from './style.js';
import { shapeMarkup } from './shapes.js';
import { drawLegend, legendSvg } from './legend.js';

function download(filename, href) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

function downloadText(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** "Exported 30 Nov 2026, 16:40 · ExposureGraph": the date a reader of the file needs. */
function exportedLine() {
  return `Exported ${new Date().toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })} · ExposureGraph`;
}

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The drawing could not be rendered.'));
    img.src = src;
  });
}

const HEADER = 50;
const MARGIN = 14;

/** The whole graph (Cytoscape's renderer, 2×) under the view's title and date, with the legend below. */
export async function exportPng(cy, name, title) {
  const scale = 2;
  const img = await loadImage(cy.png({ full: true, scale, bg: '#ffffff', output: 'base64uri' }));
  const graphWidth = img.width / scale;
  const graphHeight = img.height / scale;
  const width = Math.max(graphWidth + 2 * MARGIN, 900);
  const legendHeight = drawLegend(document.createElement('canvas').getContext('2d'), 0, 0, width - 2 * MARGIN); // measure only
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = (HEADER + graphHeight + MARGIN + legendHeight + MARGIN) * scale;
  const g = canvas.getContext('2d');
  g.scale(scale, scale);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, canvas.height / scale);
  g.fillStyle = '#1d2630';
  g.font = 'bold 16px sans-serif';
  g.fillText(title, MARGIN, 22);
  g.font = '11px sans-serif';
  g.fillStyle = '#56606b';
  g.fillText(exportedLine(), MARGIN, 40);
  g.drawImage(img, (width - graphWidth) / 2, HEADER, graphWidth, graphHeight);
  g.strokeStyle = '#d5dbe1';
  g.beginPath(); g.moveTo(MARGIN, HEADER + graphHeight + MARGIN / 2); g.lineTo(width - MARGIN, HEADER + graphHeight + MARGIN / 2); g.stroke();
  drawLegend(g, MARGIN, HEADER + graphHeight + MARGIN, width - 2 * MARGIN);
  const dataUrl = canvas.toDataURL('image/png');
  download(`${name}.png`, dataUrl);
  return dataUrl;
}

export function exportSvg(cy, name, title) {
  const svg = toSvg(cy, title);
  downloadText(`${name}.svg`, svg, 'image/svg+xml');
  return svg;
}

export function exportCsv(rows, name) {
  const csv = toCsv(rows);
  downloadText(`${name}.csv`, csv, 'text/csv;charset=utf-8');
  return csv;
}

/** RFC 4180 quoting; cells a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(rows) {
  if (!rows.length) return '';
  const columns = Object.keys(rows[0]);
  const cell = (v) => {
    let s = v == null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** Wraps a label as Cytoscape does (text-max-width), by an estimated character width. */
function wrap(text, size, maxWidth) {
  const perLine = Math.max(8, Math.floor(maxWidth / (size * 0.58)));
  return String(text).split('\n').flatMap((line) => {
    const lines = [];
    let current = '';
    for (const word of line.split(' ')) {
      if (current && (current + ' ' + word).length > perLine) { lines.push(current); current = word; }
      else current = current ? `${current} ${word}` : word;
    }
    return [...lines, current];
  });
}

function textSvg(x, y, lines, size, weight = 'normal') {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" font-weight="${weight}" text-anchor="middle" fill="#1d2630" paint-order="stroke" stroke="#ffffff" stroke-width="3">${
    lines.map((line, i) => `<tspan x="${x.toFixed(1)}" dy="${i ? size * 1.2 : 0}">${esc(line)}</tspan>`).join('')}</text>`;
}

/**
 * The visible graph as a standalone SVG, drawn from the same positions, shapes, colours and line
 * styles as the screen: title and date above, legend below. Edge labels appear where the screen shows
 * them (the selected node's edges, a selected edge), so they do not pile up where edges converge.
 */
export function toSvg(cy, title = 'ExposureGraph') {
  const visible = cy.elements(':visible');
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  const grow = (x1, y1, x2, y2) => {
    box.x1 = Math.min(box.x1, x1); box.y1 = Math.min(box.y1, y1); box.x2 = Math.max(box.x2, x2); box.y2 = Math.max(box.y2, y2);
  };
  const parts = [];
  const colours = new Set();
  visible.edges().forEach((e) => {
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    const colour = e.style('line-color');
    const line = e.data('lineStyle');
    const dash = DASHES[line] && DASHES[line].length ? ` stroke-dasharray="${DASHES[line].join(' ')}"` : '';
    const arrow = e.style('target-arrow-shape') === 'none' ? '' : ` marker-end="url(#arrow-${colour.replace(/\W/g, '')})"`;
    if (arrow) colours.add(colour);
    const opacity = Number(e.style('opacity')) < 1 ? ` stroke-opacity="${e.style('opacity')}"` : '';
    parts.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${colour}" stroke-width="${parseFloat(e.style('width'))}"${dash}${opacity}${arrow}/>`);
    grow(Math.min(s.x, t.x), Math.min(s.y, t.y), Math.max(s.x, t.x), Math.max(s.y, t.y));
  });
  visible.edges('.labelled, .hover, :selected').forEach((e) => {
    if (!e.data('label')) return;
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    parts.push(textSvg((s.x + t.x) / 2, (s.y + t.y) / 2, [e.data('label')], 10));
  });
  visible.nodes().forEach((n) => {
    const { x, y } = n.position();
    const w = n.width() / 2;
    const hh = n.height() / 2;
    const border = parseFloat(n.style('border-width')) || 0;
    const dash = n.style('border-style') === 'dotted' ? ' stroke-dasharray="2 3"' : n.style('border-style') === 'dashed' ? ' stroke-dasharray="6 4"' : '';
    parts.push(shapeMarkup(n.style('shape'), x, y, w, hh, n.style('background-color'), n.style('border-color'), border).replace('/>', `${dash}/>`));
    const size = parseFloat(n.style('font-size')) || 12;
    const lines = wrap(n.data('label'), size, parseFloat(n.style('text-max-width')) || 140);
    const widest = Math.max(...lines.map((l) => l.length)) * size * 0.58;
    const top = y + hh + 4 + size;
    parts.push(textSvg(x, top, lines, size, n.data('centre') ? 'bold' : 'normal'));
    grow(x - Math.max(w, widest / 2), y - hh, x + Math.max(w, widest / 2), top + (lines.length - 1) * size * 1.2 + 4);
  });
  const pad = 24;
  if (!Number.isFinite(box.x1)) Object.assign(box, { x1: 0, y1: 0, x2: 300, y2: 40 });
  const width = Math.max(box.x2 - box.x1 + 2 * pad, 760);
  const left = box.x1 - pad - (width - (box.x2 - box.x1 + 2 * pad)) / 2;
  const top = box.y1 - pad - HEADER;
  const legend = legendSvg(left + MARGIN, box.y2 + pad, width - 2 * MARGIN);
  const height = HEADER + (box.y2 - box.y1) + 2 * pad + legend.height + MARGIN;
  const markers = [...colours].map((c) => `<marker id="arrow-${c.replace(/\W/g, '')}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`);
  const header = `<text x="${left + MARGIN}" y="${top + 22}" font-size="16" font-weight="bold" fill="#1d2630">${esc(title)}</text>`
    + `<text x="${left + MARGIN}" y="${top + 40}" font-size="11" fill="#56606b">${esc(exportedLine())}</text>`;
  const body = visible.empty() ? `<text x="${left + MARGIN}" y="${top + HEADER + 20}" font-size="12">Nothing drawn</text>` : parts.join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="${left.toFixed(1)} ${top.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}" width="${Math.round(width)}" height="${Math.round(height)}" font-family="sans-serif">\n<title>${esc(title)}</title>\n<defs>${markers.join('')}</defs>\n<rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" height="${height.toFixed(1)}" fill="#ffffff"/>\n${header}\n${body}\n<g class="legend">${legend.markup}</g>\n</svg>\n`;
}
