// A tiny element builder. Everything shown comes from the graph (names, quotes from the press),
// so text always goes in as text nodes, never as HTML. Styles go through the CSSOM (`style: {…}`),
// never a style attribute, which the page's Content-Security-Policy refuses.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'style') Object.assign(el.style, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

/** A labelled <select>; options are [value, text] pairs, the first usually "all". */
export function select(label, options, value, onChange) {
  const id = `sel-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return h('label', { class: 'control', for: id }, `${label} `,
    h('select', { id, onchange: (e) => onChange(e.target.value) },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

export function date(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value)
    // A date alone is a calendar day: read it in UTC, or a browser west of Greenwich shows the day before.
    : d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', ...(String(value).length > 10 ? { hour: '2-digit', minute: '2-digit' } : { timeZone: 'UTC' }) });
}

/** An SVG element (legend symbols); attributes only, text as text nodes. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) if (value != null) el.setAttribute(key, value);
  children.flat(Infinity).filter((c) => c != null).forEach((c) => el.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return el;
}

/** A link only for http(s) addresses; anything else (javascript:, data:, a typo) is shown as text. */
export function safeHref(url) {
  try {
    const parsed = new URL(String(url));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch (e) {
    return null;
  }
}
