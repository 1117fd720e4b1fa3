// The dashboard's shell: hash routes (#/, #/nodes, #/nodes/<id>, #/import), the token field, the feed's status.
import { getToken, setToken } from './api.js';
import * as feed from './feed.js';
import { renderOverview } from './overview.js';
import { renderNodes } from './nodes.js';
import { renderNode } from './node.js';
import { renderImport } from './import.js';

const view = document.getElementById('view');
let cleanup = null;
let lastPath = null;

function route() {
  const hash = location.hash || '#/';
  const path = hash.slice(1).split('?')[0];
  if (cleanup) { cleanup(); cleanup = null; }
  view.replaceChildren();
  let name;
  let match;
  if (path === '/' || path === '') { name = 'overview'; cleanup = renderOverview(view); }
  else if (path === '/nodes') { name = 'nodes'; cleanup = renderNodes(view); }
  else if ((match = path.match(/^\/nodes\/([^/]+)$/))) { name = 'nodes'; cleanup = renderNode(view, decodeURIComponent(match[1])); }
  else if (path === '/import') { name = 'import'; cleanup = renderImport(view); }
  else {
    name = '';
    view.append(Object.assign(document.createElement('h1'), { textContent: 'Not found' }));
  }
  if (lastPath !== null && lastPath !== path) view.focus(); // keyboard users start at the new page, not in the old nav
  lastPath = path;
  for (const link of document.querySelectorAll('nav a[data-route]')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function setupToken() {
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  input.value = getToken();
  form.addEventListener('submit', event => {
    event.preventDefault();
    setToken(input.value.trim());
    feed.restart();
    route();
  });
  document.getElementById('token-clear').addEventListener('click', () => {
    input.value = '';
    setToken('');
    feed.restart();
    route();
  });
}

function setupFeedStatus() {
  const status = document.getElementById('feed-status');
  feed.onStatus((state, detail) => {
    status.className = `feed ${state}`;
    status.textContent = state === 'live' ? 'live' : state === 'idle' ? 'connecting…' : `reconnecting${detail ? ` (${detail})` : ''}`;
  });
}

// The skip link moves the focus to the page's content without touching the hash (the hash is the route).
document.querySelector('.skip').addEventListener('click', event => {
  event.preventDefault();
  view.focus();
});

setupToken();
setupFeedStatus();
window.addEventListener('hashchange', route);
route();
