// Search box as an ARIA combobox: type, ArrowUp/ArrowDown to move, Enter to open, Escape to close,
// "/" anywhere to focus it. Only organisations, incidents and actors have views, so only those show.
import { gql } from './api.js';
import { h, clear } from './dom.js';

const QUERY = 'query($text: String!) { search(text: $text, first: 20) { id name type } }';
const ROUTES = { Organisation: 'org', Incident: 'incident', ThreatActor: 'actor' };
const TYPE_NAMES = { Organisation: 'organisation', Incident: 'incident', ThreatActor: 'threat actor' };

export function initSearch(input, list, { navigate, warn }) {
  let hits = [];
  let active = -1;
  let timer = null;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    }
  };

  const open = (hit) => {
    close();
    input.value = hit.name;
    navigate(`#/${ROUTES[hit.type]}/${encodeURIComponent(hit.id)}`);
  };

  const render = () => {
    clear(list, hits.length ? hits.map((hit, i) => h('li', {
      id: `hit-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': hit.id, 'data-type': hit.type,
      onmousedown: (e) => { e.preventDefault(); open(hit); },
    }, h('span', { class: 'hit-name' }, hit.name), h('span', { class: 'hit-type' }, TYPE_NAMES[hit.type])))
      : h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true' }, 'No organisation, incident or actor matches.'));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(hits.length ? 0 : -1);
  };

  const run = async (text) => {
    const mine = ++seq;
    try {
      const data = await gql(QUERY, { text });
      if (mine !== seq) return; // a newer keystroke has its own request in flight
      hits = data.search.filter((hit) => ROUTES[hit.type]);
      render();
    } catch (e) {
      if (mine === seq) warn(e.messages || [String(e.message)], e);
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { close(); return; }
    timer = setTimeout(() => run(text), 180);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && hits.length) { e.preventDefault(); if (list.hidden) render(); else highlight((active + 1) % hits.length); }
    else if (e.key === 'ArrowUp' && hits.length) { e.preventDefault(); highlight((active - 1 + hits.length) % hits.length); }
    else if (e.key === 'Enter' && !list.hidden && hits[active]) { e.preventDefault(); open(hits[active]); }
    else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement !== input && !/INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName)) {
      e.preventDefault();
      input.focus();
    }
  });
}
