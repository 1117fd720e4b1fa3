// Small helpers to build the DOM without innerHTML (no markup from data ever reaches the parser).

/** h('a', { href: '#/', class: 'x', onclick: f }, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

const STATUS_CLASS = { READY: 'ready', NOT_READY: 'not-ready', DOWN: 'down', UNKNOWN: 'unknown' };

/** The health status without its enum prefix: READY, NOT_READY, DOWN, UNKNOWN. */
export function statusName(status) {
  return (status || 'UNKNOWN').replace(/^HEALTH_STATUS_/, '').replace(/^UNSPECIFIED$/, 'UNKNOWN');
}

export function lifecycleName(state) {
  return (state || 'UNSPECIFIED').replace(/^LIFECYCLE_STATE_/, '');
}

export function decidedByName(value) {
  return (value || '').replace(/^DECIDED_BY_/, '').replace(/^UNSPECIFIED$/, '');
}

export function statusBadge(status) {
  const name = statusName(status);
  return h('span', { class: `badge ${STATUS_CLASS[name] || 'unknown'}`, dataset: { status: name } }, name.replace('_', ' '));
}

export function lifecycleBadge(state) {
  const name = lifecycleName(state);
  return h('span', { class: `badge lifecycle ${name.toLowerCase()}`, dataset: { lifecycle: name } }, name);
}

/** "12:03:04 (5 min ago)" with the full timestamp as a tooltip; "—" when absent. */
export function time(value) {
  if (!value) return h('span', { class: 'muted' }, '—');
  const date = new Date(value);
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, `${date.toLocaleString()} (${ago(date)})`);
}

export function ago(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 0) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

export function bytes(value) {
  const n = Number(value || 0);
  if (!n) return '0';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

export function cores(milli) {
  const n = Number(milli || 0);
  return `${(n / 1000).toLocaleString()} cores`;
}

export function count(n) {
  return Number(n || 0).toLocaleString();
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, message);
}

/** The query of a hash route: "#/nodes?health_status=DOWN" → URLSearchParams. */
export function hashQuery() {
  const hash = location.hash || '#/';
  const q = hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
}

export function nodesLink(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `#/nodes?${text}` : '#/nodes';
}
