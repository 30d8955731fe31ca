// Exports of the current view for reports: PNG (Cytoscape's own renderer), SVG (our serialiser:
// Cytoscape has none built in), and CSV of the view's rows.

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

export function exportPng(cy, name) {
  const dataUrl = cy.png({ full: true, scale: 2, bg: '#ffffff', output: 'base64uri' });
  download(`${name}.png`, dataUrl);
  return dataUrl;
}

export function exportSvg(cy, name) {
  const svg = toSvg(cy);
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

// Outline of each Cytoscape shape we use, as polygon corners on the unit square (-1..1).
function polygon(sides, rotation = -Math.PI / 2) {
  return Array.from({ length: sides }, (_, i) => {
    const a = rotation + (2 * Math.PI * i) / sides;
    return [Math.cos(a), Math.sin(a)];
  });
}
const STAR = Array.from({ length: 10 }, (_, i) => {
  const a = -Math.PI / 2 + (Math.PI * i) / 5;
  const r = i % 2 ? 0.45 : 1;
  return [r * Math.cos(a), r * Math.sin(a)];
});
const POLYGONS = {
  diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]], 'round-diamond': [[0, -1], [1, 0], [0, 1], [-1, 0]],
  triangle: polygon(3), pentagon: polygon(5), 'round-pentagon': polygon(5), hexagon: polygon(6, 0),
  'round-hexagon': polygon(6, 0), heptagon: polygon(7), octagon: polygon(8, Math.PI / 8),
  'round-octagon': polygon(8, Math.PI / 8), star: STAR,
  tag: [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]], 'round-tag': [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]],
  vee: [[-1, -1], [0, -0.3], [1, -1], [0, 1]],
  'cut-rectangle': [[-0.7, -1], [0.7, -1], [1, -0.7], [1, 0.7], [0.7, 1], [-0.7, 1], [-1, 0.7], [-1, -0.7]],
};

function shapeSvg(node) {
  const { x, y } = node.position();
  const w = node.width() / 2;
  const hh = node.height() / 2;
  const shape = node.style('shape');
  const fill = node.style('background-color');
  const stroke = `stroke="${node.style('border-color')}" stroke-width="${parseFloat(node.style('border-width')) || 0}"`;
  if (shape === 'ellipse') return `<ellipse cx="${x}" cy="${y}" rx="${w}" ry="${hh}" fill="${fill}" ${stroke}/>`;
  if (POLYGONS[shape]) {
    const points = POLYGONS[shape].map(([px, py]) => `${(x + px * w).toFixed(1)},${(y + py * hh).toFixed(1)}`).join(' ');
    return `<polygon points="${points}" fill="${fill}" ${stroke}/>`;
  }
  const radius = shape.startsWith('round') || shape === 'barrel' ? Math.min(w, hh) / 2 : 0;
  return `<rect x="${x - w}" y="${y - hh}" width="${2 * w}" height="${2 * hh}" rx="${radius}" fill="${fill}" ${stroke}/>`;
}

function textSvg(x, y, text, size, weight = 'normal') {
  const lines = String(text).split('\n');
  return `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="middle" fill="#1d2630" paint-order="stroke" stroke="#ffffff" stroke-width="3">${
    lines.map((line, i) => `<tspan x="${x}" dy="${i ? size * 1.2 : 0}">${esc(line)}</tspan>`).join('')}</text>`;
}

/** The visible graph as a standalone SVG: straight edges with arrows, shapes, labels. */
export function toSvg(cy) {
  const visible = cy.elements(':visible');
  if (visible.empty()) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="25">Nothing drawn</text></svg>\n';
  }
  const bb = visible.boundingBox({ includeLabels: true });
  const pad = 20;
  const parts = [];
  const colours = new Set();
  visible.edges().forEach((e) => {
    const s = e.sourceEndpoint();
    const t = e.targetEndpoint();
    const colour = e.style('line-color');
    colours.add(colour);
    const dash = e.style('line-style') === 'dashed' ? ' stroke-dasharray="6 4"' : e.style('line-style') === 'dotted' ? ' stroke-dasharray="2 3"' : '';
    parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="${colour}" stroke-width="${parseFloat(e.style('width'))}"${dash} marker-end="url(#arrow-${colour.replace(/\W/g, '')})"/>`);
    if (e.data('label')) parts.push(textSvg((s.x + t.x) / 2, (s.y + t.y) / 2, e.data('label'), 9));
  });
  visible.nodes().forEach((n) => {
    parts.push(shapeSvg(n));
    const { x, y } = n.position();
    parts.push(textSvg(x, y + n.height() / 2 + 14, n.data('label'), n.data('centre') ? 13 : 11, n.data('centre') ? 'bold' : 'normal'));
  });
  const markers = [...colours].map((c) => `<marker id="arrow-${c.replace(/\W/g, '')}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="${bb.x1 - pad} ${bb.y1 - pad} ${bb.w + 2 * pad} ${bb.h + 2 * pad}" width="${Math.round(bb.w + 2 * pad)}" height="${Math.round(bb.h + 2 * pad)}" font-family="sans-serif">\n<defs>${markers.join('')}</defs>\n<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${bb.w + 2 * pad}" height="${bb.h + 2 * pad}" fill="#ffffff"/>\n${parts.join('\n')}\n</svg>\n`;
}
