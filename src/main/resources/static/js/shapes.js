// Outlines of the Cytoscape node shapes the page uses, as polygon corners on the unit square
// (-1..1), shared by the SVG export and the legends, so a legend symbol is the shape drawn.

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
const TAG = [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]];
const DIAMOND = [[0, -1], [1, 0], [0, 1], [-1, 0]];
const POLYGONS = {
  diamond: DIAMOND, 'round-diamond': DIAMOND, triangle: polygon(3), pentagon: polygon(5), 'round-pentagon': polygon(5),
  hexagon: polygon(6, 0), 'round-hexagon': polygon(6, 0), heptagon: polygon(7), octagon: polygon(8, Math.PI / 8),
  'round-octagon': polygon(8, Math.PI / 8), star: STAR, tag: TAG, 'round-tag': TAG,
  vee: [[-1, -1], [0, -0.3], [1, -1], [0, 1]],
  'cut-rectangle': [[-0.7, -1], [0.7, -1], [1, -0.7], [1, 0.7], [0.7, 1], [-0.7, 1], [-1, 0.7], [-1, -0.7]],
};

/** Corners of `shape` scaled to a box of half-width w and half-height h at (x, y); null for ellipses and rectangles. */
export function corners(shape, x, y, w, h) {
  const unit = POLYGONS[shape];
  return unit ? unit.map(([px, py]) => [x + px * w, y + py * h]) : null;
}

/** Corner radius for the rounded rectangles (and the group's barrel); 0 for plain rectangles. */
export function cornerRadius(shape, w, h) {
  return shape.startsWith('round') || shape === 'barrel' ? Math.min(w, h) / 2 : 0;
}

/** The shape as SVG markup (shared by the SVG export and its legend). */
export function shapeMarkup(shape, x, y, w, h, fill, stroke = 'none', strokeWidth = 0) {
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"`;
  if (shape === 'ellipse') return `<ellipse cx="${x}" cy="${y}" rx="${w}" ry="${h}" ${paint}/>`;
  const points = corners(shape, x, y, w, h);
  if (points) return `<polygon points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}" ${paint}/>`;
  return `<rect x="${x - w}" y="${y - h}" width="${2 * w}" height="${2 * h}" rx="${cornerRadius(shape, w, h)}" ${paint}/>`;
}

/** The shape as a path on a 2D canvas (the PNG export's legend). */
export function shapePath(g, shape, x, y, w, h) {
  g.beginPath();
  if (shape === 'ellipse') { g.ellipse(x, y, w, h, 0, 0, 2 * Math.PI); return; }
  const points = corners(shape, x, y, w, h);
  if (points) {
    points.forEach(([px, py], i) => (i ? g.lineTo(px, py) : g.moveTo(px, py)));
    g.closePath();
    return;
  }
  g.roundRect(x - w, y - h, 2 * w, 2 * h, cornerRadius(shape, w, h));
}
