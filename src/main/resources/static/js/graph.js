// Builds Cytoscape elements from GraphQL records and owns the one Cytoscape instance:
// show a view, expand/collapse a node, filter, select.
import { kindStyle, edgeColour, sizeFor, shortCategories, STYLESHEET } from './style.js';
import { ringPositions, arcAround, blockBeyond } from './layout.js';
import { enableKeyboard } from './keyboard.js';

function mergeCategories(a, b) {
  const byId = new Map(a.map((c) => [c.id, c]));
  b.forEach((c) => byId.set(c.id, c));
  return [...byId.values()];
}

/** Collects nodes and edges by id, so a processor reached by ten clients is one node. */
export class GraphBuilder {
  constructor() {
    this.nodes = new Map();
    this.edges = new Map();
  }

  /** A node for an organisation (or anything else: pass kind 'ACTOR', 'CLUSTER' …). */
  node(id, { name, kind, ring = 1, people = null, ...rest }) {
    const existing = this.nodes.get(id);
    if (existing) {
      // Keep the nearest ring and the largest headcount when a node is reached twice.
      existing.ring = Math.min(existing.ring, ring);
      if (people && (!existing.people || people > existing.people)) existing.people = people;
      Object.assign(existing, rest, { ring: existing.ring, people: existing.people });
      return existing;
    }
    const data = { id, name, kind, ring, people, ...rest };
    this.nodes.set(id, data);
    return data;
  }

  org(o, extra = {}) {
    return this.node(o.id, { name: o.name, kind: o.kind, unnamed: !!o.unnamedGroup, entity: 'Organisation', org: o, ...extra });
  }

  /** A directed edge; repeated edges merge their categories and keep the largest headcount. */
  edge(source, target, { categories = [], people = null, text = null, ...rest } = {}) {
    const id = `${source}->${target}`;
    const existing = this.edges.get(id);
    if (existing) {
      existing.categories = mergeCategories(existing.categories, categories);
      existing.people = Math.max(existing.people || 0, people || 0) || null;
      existing.disputed = existing.disputed || !!rest.disputed;
      return existing;
    }
    const data = { id, source, target, categories, people, text, ...rest };
    this.edges.set(id, data);
    return data;
  }

  elements(extra = {}) {
    return [
      ...[...this.nodes.values()].map((d) => ({ group: 'nodes', data: nodeData({ ...d, ...extra }) })),
      ...[...this.edges.values()].map((d) => ({ group: 'edges', data: edgeData({ ...d, ...extra }) })),
    ];
  }
}

function nodeData(d) {
  const style = kindStyle(d.kind);
  // The tag in brackets repeats what colour and shape say, for readers who cannot rely on colour.
  const label = d.labelText || `${d.name}\n[${d.cluster ? 'group' : style.tag}]`;
  // A group keeps its members' colour (their kind) but takes the group shape, so it never passes for one organisation.
  const shape = d.cluster ? kindStyle('CLUSTER').shape : style.shape;
  return { ...d, label, colour: style.colour, shape, size: d.cluster ? 56 : sizeFor(d.people) };
}

function edgeData(d) {
  const label = d.text ?? shortCategories(d.categories);
  // A colour of its own marks a relation that is not a data flow (attributed, breached, runs, member of).
  const nonData = !!d.colourOverride;
  const art9 = d.categories.some((c) => c.specialCategory);
  return {
    ...d, label, nonData, art9,
    colour: d.colourOverride || edgeColour(d.categories),
    // Line style repeats the colour's message (style.EDGE_LEGEND): solid = Art. 9 or a relation that is
    // not a data flow, dashed = other data, dotted = disputed.
    lineStyle: d.disputed ? 'dotted' : (nonData || art9 ? 'solid' : 'dashed'),
    width: d.people ? Math.min(8, 1.5 + Math.log10(d.people)) : 2,
    categoryIds: d.categories.map((c) => c.id),
  };
}

export class Graph {
  constructor(container, { onSelect, onExpand }) {
    this.cy = window.cytoscape({
      container, style: STYLESHEET, elements: [], minZoom: 0.05, maxZoom: 3,
      boxSelectionEnabled: false,
    });
    this.cy.on('tap', 'node, edge', (e) => onSelect(e.target));
    this.cy.on('tap', (e) => { if (e.target === this.cy) onSelect(null); });
    this.cy.on('dbltap', 'node', (e) => onExpand(e.target));
    // Labels of the hovered edge and of the selected node's edges; the others stay lines only.
    this.cy.on('mouseover', 'edge', (e) => e.target.addClass('hover'));
    this.cy.on('mouseout', 'edge', (e) => e.target.removeClass('hover'));
    this.cy.on('select', 'node', (e) => e.target.connectedEdges().addClass('labelled'));
    this.cy.on('unselect', 'node', (e) => e.target.connectedEdges().removeClass('labelled'));
    enableKeyboard(container, this, { onSelect, onExpand });
    // Toolbars wrap and banners come and go: keep the canvas the size of its box, or it gets clipped.
    new ResizeObserver(() => this.cy.resize()).observe(container);
  }

  /** Replaces the drawing with the builder's elements, placed in rings (or at given positions). */
  show(builder, positions = null) {
    const elements = builder.elements();
    const place = positions || ringPositions(elements.filter((e) => e.group === 'nodes').map((e) => e.data));
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements.map((e) => (e.group === 'nodes' ? { ...e, position: place[e.data.id] || { x: 0, y: 0 } } : e)));
    });
    this.fit();
  }

  clear() {
    this.cy.elements().remove();
  }

  fit() {
    this.cy.resize();
    const visible = this.cy.elements(':visible');
    this.cy.fit(visible, 40);
    // A handful of nodes would otherwise be blown up to fill the screen.
    if (this.cy.zoom() > 1.3) {
      this.cy.zoom(1.3);
      this.cy.center(visible);
    }
  }

  /**
   * Adds what `builder` holds around `node`; everything new remembers who brought it, for collapse.
   * A group's members go in a block beyond it (`block`), away from the centre, so the centre and the
   * chain stay in view and uncovered.
   */
  addAround(node, builder, { block = false } = {}) {
    const fresh = builder.elements({ expandedBy: node.id() })
      .filter((e) => this.cy.getElementById(e.data.id).empty());
    const newNodes = fresh.filter((e) => e.group === 'nodes');
    const centre = this.cy.nodes('[?centre]').first();
    const spots = block ? blockBeyond(node.position(), centre.nonempty() ? centre.position() : { x: 0, y: 0 }, newNodes.length)
      : arcAround(node.position(), newNodes.length);
    newNodes.forEach((e, i) => { e.position = spots[i]; });
    this.cy.add(fresh);
    node.data('expanded', true);
    return newNodes.length;
  }

  /** Removes what expanding `node` added, and what expanding those added, recursively. */
  collapse(node) {
    const added = this.cy.elements().filter((e) => e.data('expandedBy') === node.id());
    added.nodes().forEach((n) => this.collapse(n));
    this.cy.remove(added);
    node.data('expanded', false);
  }

  /** Hides clients outside the filters, then edges and intermediaries left with nothing to show. */
  filter({ category = '', kind = '' }) {
    this.cy.batch(() => {
      this.cy.elements().removeClass('hidden');
      const hideClient = (n) => (n.data('role') === 'client' || n.data('role') === 'member') && (
        (kind && n.data('kind') !== kind) || (category && !(n.data('categoryIds') || []).includes(category)));
      const hidden = this.cy.nodes().filter(hideClient);
      hidden.addClass('hidden');
      hidden.connectedEdges().addClass('hidden');
      // Edges that pass on every category, and relations that carry none (actor, software), stay.
      if (category) {
        this.cy.edges().filter((e) => e.data('categoryIds').length && !e.data('categoryIds').includes(category)).addClass('hidden');
      }
      this.cy.nodes().filter((n) => n.data('role') === 'via' && n.connectedEdges(':visible').empty()).addClass('hidden');
    });
  }

  /** Selects the element; `centre: false` keeps the viewport (after a fit that should stay). */
  select(id, { centre = true } = {}) {
    const el = this.cy.getElementById(id);
    if (el.empty()) return null;
    this.cy.elements().unselect();
    el.select();
    if (centre) this.cy.animate({ center: { eles: el }, duration: 200 });
    return el;
  }
}
