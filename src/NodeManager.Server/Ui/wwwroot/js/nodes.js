// #/nodes — the node list: filters in the URL (so a filtered list can be linked and the back button works), one
// page at a time from GET /v1/nodes (page_token paging: 100,000 nodes are never loaded at once), rows updated in
// place from the change feed.
import { request, describe } from './api.js';
import * as feed from './feed.js';
import { h, time, statusBadge, lifecycleBadge, statusName, lifecycleName, decidedByName, hashQuery, nodesLink, errorBox, count } from './dom.js';

const FILTERS = ['search', 'label_selector', 'health_status', 'lifecycle_state', 'zone', 'rack', 'page_size'];
// Paging is a stack of the tokens of the pages before this one; it lives with the filters it belongs to.
let tokens = [];
let tokensFor = '';

export function renderNodes(view) {
  const query = hashQuery();
  const filters = Object.fromEntries(FILTERS.map(f => [f, query.get(f) || '']));
  const filterKey = JSON.stringify(filters);
  if (filterKey !== tokensFor) { tokens = []; tokensFor = filterKey; }
  const pageToken = query.get('page_token') || '';

  const status = h('p', { class: 'muted', id: 'list-status', role: 'status', 'aria-live': 'polite' }, 'loading…');
  const tableBody = h('tbody', {});
  const notice = h('p', { class: 'notice', id: 'list-notice', hidden: true });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  view.append(
    h('h1', {}, 'Nodes'),
    filterForm(filters),
    status, notice,
    h('table', { class: 'table nodes', id: 'node-table' },
      h('caption', { class: 'visually-hidden' }, 'Nodes matching the filters'),
      h('thead', {}, h('tr', {}, ['Name', 'IP', 'MAC', 'Zone / rack', 'Lifecycle', 'Health', 'Why', 'Last heartbeat'].map(c => h('th', { scope: 'col' }, c)))),
      tableBody),
    pager);

  const rows = new Map();
  let stopped = false;
  let created = 0;

  async function load() {
    try {
      const list = await request('/v1/nodes', { query: { ...filters, page_token: pageToken } });
      if (stopped) return;
      feed.ensure(list.revision);
      for (const node of list.nodes) {
        const row = nodeRow(node);
        rows.set(node.id, { row, node });
        tableBody.append(row);
      }
      const page = tokens.length + 1;
      status.textContent = list.nodes.length === 0 ? 'No node matches these filters.'
        : `Page ${page}: ${count(list.nodes.length)} nodes${list.nextPageToken ? ' (more on the next pages)' : ''} · revision ${list.revision}`;
      pager.replaceChildren(...[
        tokens.length > 0 ? h('a', { href: pageHref(filters, tokens[tokens.length - 1]), id: 'prev-page', onclick: () => tokens.pop() }, '← Previous page') : null,
        tokens.length > 0 ? h('a', { href: pageHref(filters, ''), id: 'first-page', onclick: () => { tokens = []; } }, 'First page') : null,
        list.nextPageToken ? h('a', { href: pageHref(filters, list.nextPageToken), id: 'next-page', onclick: () => tokens.push(pageToken) }, 'Next page →') : null,
      ].filter(Boolean));
    } catch (error) {
      if (!stopped) status.replaceChildren(errorBox(describe(error)));
    }
  }

  const unsubscribe = feed.subscribe(message => {
    if (message.type === 'RELIST') { notice.hidden = false; notice.replaceChildren('The live feed lost its place. ', h('a', { href: location.hash, onclick: () => location.reload() }, 'Reload the list'), '.'); return; }
    const entry = rows.get(message.event && message.event.nodeId);
    if (message.type === 'CREATED') {
      created++;
      notice.hidden = false;
      notice.replaceChildren(`${created} node(s) created since this page was listed. `, h('a', { href: pageHref(filters, ''), onclick: () => setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange'))) }, 'Show the first page again'), '.');
      return;
    }
    if (!entry) return;
    if (message.type === 'HEALTH_CHANGED' && message.event.health) {
      entry.node = { ...entry.node, health: message.event.health };
    } else if ((message.type === 'UPDATED' || message.type === 'LIFECYCLE_CHANGED') && message.event.node) {
      entry.node = { ...message.event.node, health: message.event.node.health || entry.node.health };
    } else if (message.type === 'DELETED') {
      entry.row.classList.add('gone');
      entry.row.title = 'deleted';
      return;
    } else {
      return;
    }
    const row = nodeRow(entry.node);
    row.classList.add('changed');
    if (!matches(entry.node, filters)) { row.classList.add('stale'); row.title = 'no longer matches the filters'; }
    entry.row.replaceWith(row);
    entry.row = row;
  });

  load();
  return () => { stopped = true; unsubscribe(); };
}

function pageHref(filters, token) {
  return nodesLink({ ...filters, page_token: token });
}

function matches(node, filters) {
  if (filters.health_status && statusName(node.health && node.health.status) !== filters.health_status) return false;
  if (filters.lifecycle_state && lifecycleName(node.lifecycleState) !== filters.lifecycle_state) return false;
  return true;
}

function nodeRow(node) {
  const health = node.health || {};
  const loc = node.location || {};
  const why = [health.reason, decidedByName(health.decidedBy) && `by ${decidedByName(health.decidedBy)}`].filter(Boolean).join(' ');
  return h('tr', { dataset: { id: node.id, name: node.name, status: statusName(health.status) } },
    h('th', { scope: 'row' }, h('a', { href: `#/nodes/${node.id}` }, node.name || node.id)),
    h('td', {}, node.ip), h('td', { class: 'mono' }, node.mac),
    h('td', {}, [loc.zone, loc.rack].filter(Boolean).join(' / ')),
    h('td', {}, lifecycleBadge(node.lifecycleState)),
    h('td', { class: 'health' }, statusBadge(health.status)),
    h('td', {}, why),
    h('td', {}, time(health.lastHeartbeatTime)));
}

function filterForm(filters) {
  const field = (name, label, input) => h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), input);
  const text = (name, placeholder) => h('input', { id: `f-${name}`, name, value: filters[name], placeholder, autocomplete: 'off', spellcheck: 'false' });
  const select = (name, options) => h('select', { id: `f-${name}`, name },
    options.map(([value, label]) => h('option', { value, selected: filters[name] === value }, label)));
  const form = h('form', { class: 'filters', id: 'filters', role: 'search' },
    field('search', 'Name, IP or MAC contains', text('search', 'e.g. r12-n0 or 10.1.2.')),
    field('label_selector', 'Label selector', text('label_selector', 'env=prod,role in (compute)')),
    field('health_status', 'Health', select('health_status', [['', 'any'], ['READY', 'READY'], ['NOT_READY', 'NOT READY'], ['DOWN', 'DOWN'], ['UNKNOWN', 'UNKNOWN']])),
    field('lifecycle_state', 'Lifecycle', select('lifecycle_state', [['', 'any'], ...['REGISTERED', 'COMMISSIONED', 'MAINTENANCE', 'UPGRADING', 'DECOMMISSIONED'].map(s => [s, s])])),
    field('zone', 'Zone', text('zone', 'exact')),
    field('rack', 'Rack', text('rack', 'exact')),
    field('page_size', 'Per page', select('page_size', [['', '100'], ['10', '10'], ['25', '25'], ['50', '50'], ['200', '200'], ['500', '500']])),
    h('div', { class: 'field buttons' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h('a', { href: '#/nodes', class: 'button' }, 'Clear')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    const next = nodesLink(Object.fromEntries(FILTERS.map(f => [f, (data.get(f) || '').toString().trim()])));
    if (next === location.hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  });
  return form;
}
