// Wires the page: router (#/view/id?params), the graph, the panels, search, exports, API key.
import { apiKey, setApiKey, gql } from './api.js';
import { h, clear } from './dom.js';
import { Graph } from './graph.js';
import { toggleExpand } from './expand.js';
import { showDetails } from './details.js';
import { initSearch } from './search.js';
import { exportPng, exportSvg, exportCsv } from './export.js';
import { renderLegend } from './legend.js';
import * as vendor from './views/vendor.js';
import * as incident from './views/incident.js';
import * as supplyChain from './views/supplychain.js';
import * as concentration from './views/concentration.js';
import * as actor from './views/actor.js';
import * as alerts from './views/alerts.js';

const VIEWS = { vendor, incident, client: supplyChain, concentration, actor, alerts };
const $ = (id) => document.getElementById(id);
const main = $('main');
const messages = $('messages');
let rows = { name: 'view', rows: [] };
let renderToken = 0;

/** A refused key: say what to do, and put the cursor where it is done. */
function askForKey(e) {
  if (!e || !e.unauthenticated) return;
  const key = $('api-key');
  key.setAttribute('aria-invalid', 'true');
  key.focus();
  warn(['Enter your API key in the "API key" field at the top right, then press Enter.']);
}

function warn(list) {
  const shown = new Set([...messages.children].map((li) => li.firstChild.textContent));
  for (const text of list.filter((t) => !shown.has(t))) messages.append(h('li', {}, text, h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', onclick: (e) => e.target.parentElement.remove() }, '×')));
}

const ctx = {
  registry: new Map(),
  toolbar: $('view-controls'),
  side: $('view-panel'),
  setTitle: (text) => { $('view-title').textContent = text; document.title = `${text} · ExposureGraph`; },
  warn,
  setRows: (name, list) => { rows = { name, rows: list }; $('export-csv').disabled = !list.length; },
  navigate: (hash) => { if (location.hash === hash) route(); else location.hash = hash; },
  selectNode: (id, options) => {
    // A client drawn inside a group is found through the group.
    const group = () => [...ctx.registry].find(([, members]) => members.some((m) => m.client.id === id))?.[0];
    const el = ctx.graph.select(id, options) || ctx.graph.select(group() || '', options);
    if (el) showDetails($('details'), el, ctx);
  },
  toggleExpand: (node) => toggleExpand(node, ctx),
};

function parseHash() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [view, ...rest] = path.split('/');
  return { view, id: decodeURIComponent(rest.join('/')), params: new URLSearchParams(query) };
}

/** Organisations found by search open as a vendor if anyone entrusts data to them, else as a client. */
async function openOrganisation(id) {
  const { organisation } = await gql('query($id: ID!) { organisation(id: $id) { id directClientCount } }', { id });
  location.replace(`#/${organisation.directClientCount > 0 ? 'vendor' : 'client'}/${encodeURIComponent(id)}`);
}

async function route() {
  const { view, id, params } = parseHash();
  const token = ++renderToken;
  clear(messages);
  showDetails($('details'), null, ctx);
  document.querySelectorAll('nav.views a').forEach((a) => a.setAttribute('aria-current', String(a.dataset.view === view)));
  if (view === 'org') {
    try { await openOrganisation(id); } catch (e) { warn(e.messages || [e.message]); askForKey(e); }
    return;
  }
  const module = VIEWS[view];
  if (!module) { welcome(); return; }
  main.dataset.state = 'loading';
  main.dataset.view = view;
  ctx.registry.clear();
  try {
    await module.render({ ...ctx, isCurrent: () => token === renderToken }, id, params);
    if (token === renderToken) {
      ctx.graph.fit(); // the view's toolbar and panel are filled now: fit to the final box
      main.dataset.state = 'ready';
    }
  } catch (e) {
    if (token !== renderToken) return;
    // GraphQL errors carry messages meant for the user; anything else gets a plain sentence.
    const problems = e.messages || ['Something went wrong drawing this view.'];
    warn(problems);
    askForKey(e);
    if (!e.messages) console.error(e);
    ctx.graph.clear();
    ctx.setTitle('Nothing to show');
    ctx.setRows('view', []);
    clear(ctx.toolbar);
    clear(ctx.side, h('p', { class: 'error' }, problems.join('; ')), h('p', {}, 'Try the search box, or ', h('a', { href: '#/' }, 'start again'), '.'));
    main.dataset.state = 'error';
  }
}

function welcome() {
  main.dataset.view = 'welcome';
  main.dataset.state = 'ready';
  ctx.graph.clear();
  ctx.setTitle('ExposureGraph');
  ctx.setRows('view', []);
  clear(ctx.toolbar);
  clear(ctx.side, h('div', { class: 'summary' },
    h('p', {}, 'Type a vendor, a client, an incident or an actor in the search box (press / to jump there).'),
    h('ul', {}, h('li', {}, h('a', { href: '#/vendor/stor-a-file' }, 'Stor-a-File: who is exposed')),
      h('li', {}, h('a', { href: '#/incident/stor-a-file-2021' }, 'Stor-a-File breach (2021): blast radius')),
      h('li', {}, h('a', { href: '#/concentration' }, 'Concentration risk: shared suppliers')),
      h('li', {}, h('a', { href: '#/alerts' }, 'Alerts: what reached your watched organisations')))));
}

function fileName() {
  return `exposuregraph-${rows.name}`.replace(/[^\w.-]+/g, '-');
}

function init() {
  ctx.graph = new Graph($('graph'), {
    onSelect: (el) => showDetails($('details'), el, ctx),
    onExpand: (node) => toggleExpand(node, ctx),
  });
  // For the browser tests and an analyst's console: the drawing, and the groups behind cluster nodes.
  window.exposureGraph = { cy: ctx.graph.cy, graph: ctx.graph, registry: ctx.registry };
  const key = $('api-key');
  key.value = apiKey();
  key.addEventListener('change', () => { setApiKey(key.value.trim()); key.removeAttribute('aria-invalid'); route(); });
  // Enter commits the key: leaving the field fires 'change' when the value changed.
  $('api-key-form').addEventListener('submit', (e) => { e.preventDefault(); key.blur(); });
  $('export-png').addEventListener('click', () => exportPng(ctx.graph.cy, fileName(), $('view-title').textContent)
    .catch((e) => warn([e.message])));
  $('export-svg').addEventListener('click', () => exportSvg(ctx.graph.cy, fileName(), $('view-title').textContent));
  $('export-csv').addEventListener('click', () => exportCsv(rows.rows, fileName()));
  $('fit').addEventListener('click', () => ctx.graph.fit());
  initSearch($('search'), $('search-results'), { navigate: ctx.navigate, warn: (m, e) => { warn(m); askForKey(e); } });
  renderLegend($('legend'));
  window.addEventListener('hashchange', route);
  route();
}

if (window.cytoscape) init();
else {
  document.body.prepend(h('p', { class: 'error', role: 'alert' }, 'The graph library did not load; reload the page.'));
}
