// The graph by keyboard: Tab into the drawing, arrows walk the nodes (centre first, then ring by ring,
// clockwise), Enter or Space expands or collapses the current node, Escape clears the selection.
// A live region reads out where the focus is; the details panel follows the selection as with a click.

/** Visible nodes in reading order: nearest ring first, then clockwise from twelve o'clock. */
function readingOrder(cy) {
  const centre = cy.nodes('[?centre]').first();
  const c = centre.nonempty() ? centre.position() : { x: 0, y: 0 };
  const clock = (n) => (Math.atan2(n.position('y') - c.y, n.position('x') - c.x) + 2.5 * Math.PI) % (2 * Math.PI);
  return cy.nodes(':visible').toArray().sort((a, b) => {
    if (a.data('centre') !== b.data('centre')) return a.data('centre') ? -1 : 1;
    return (a.data('ring') ?? 0) - (b.data('ring') ?? 0) || clock(a) - clock(b);
  });
}

function describe(node) {
  const hint = node.data('cluster') || node.data('org') ? ' Enter expands or collapses.' : '';
  return `${node.data('name')}, ${String(node.data('label') || '').split('\n').pop()}.${hint}`;
}

export function enableKeyboard(container, graph, { onSelect, onExpand }) {
  const status = document.createElement('p');
  status.id = 'graph-status';
  status.className = 'visually-hidden';
  status.setAttribute('aria-live', 'polite');
  container.after(status);
  container.tabIndex = 0;
  container.setAttribute('aria-roledescription', 'graph');
  container.setAttribute('aria-describedby', status.id);

  const current = () => graph.cy.nodes(':selected').first();
  const go = (step) => {
    const order = readingOrder(graph.cy);
    if (!order.length) return;
    const at = order.findIndex((n) => n.selected());
    const next = order[at < 0 ? 0 : (at + step + order.length) % order.length];
    graph.select(next.id());
    onSelect(next);
    status.textContent = describe(next);
  };

  container.addEventListener('keydown', (e) => {
    if (e.target !== container) return;
    if (['ArrowRight', 'ArrowDown'].includes(e.key)) go(1);
    else if (['ArrowLeft', 'ArrowUp'].includes(e.key)) go(-1);
    else if (e.key === 'Home') { graph.cy.elements().unselect(); go(0); }
    else if ((e.key === 'Enter' || e.key === ' ') && current().nonempty()) onExpand(current());
    else if (e.key === 'Escape') { graph.cy.elements().unselect(); onSelect(null); status.textContent = 'Selection cleared.'; }
    else return;
    e.preventDefault();
  });
}
