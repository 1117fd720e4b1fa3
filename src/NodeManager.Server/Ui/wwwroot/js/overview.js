// #/ — the fleet at a glance from GET /v1/fleet/summary: counts by health and lifecycle, cluster conditions, the
// zone × rack grid and the silos. Refreshed when the change feed reports a change (at most once a second) and every
// 5 s (the server caches the summary for 1.5 s, so a change can show one refresh later).
import { request, describe } from './api.js';
import * as feed from './feed.js';
import { h, count, time, nodesLink, errorBox } from './dom.js';

const HEALTH = ['READY', 'NOT_READY', 'DOWN', 'UNKNOWN'];
const LIFECYCLE = ['REGISTERED', 'COMMISSIONED', 'MAINTENANCE', 'UPGRADING', 'DECOMMISSIONED'];

export function renderOverview(view) {
  const heading = h('h1', {}, 'Fleet overview');
  const updated = h('p', { class: 'muted', id: 'overview-updated' }, 'loading…');
  const body = h('div', { id: 'overview' });
  view.append(heading, updated, body);

  let stopped = false;
  let pending = null;
  let loading = false;

  async function load() {
    if (loading || stopped) return;
    loading = true;
    try {
      const summary = await request('/v1/fleet/summary');
      if (stopped) return;
      feed.ensure(summary.revision);
      const focused = focusKey(document.activeElement);
      body.replaceChildren(...sections(summary));
      refocus(body, focused);
      updated.textContent = `${count(summary.total)} nodes · computed ${new Date(summary.generatedAt).toLocaleTimeString()} · revision ${summary.revision}`;
      updateDashboardLink(summary.dashboard);
    } catch (error) {
      if (!stopped) body.replaceChildren(errorBox(`The summary could not be read: ${describe(error)}`));
    } finally {
      loading = false;
    }
  }

  const unsubscribe = feed.subscribe(() => {
    if (pending) return;
    pending = setTimeout(() => { pending = null; load(); }, 1000);
  });
  const timer = setInterval(load, 5000);
  load();
  return () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    if (pending) clearTimeout(pending);
  };
}

function sections(summary) {
  return [
    h('section', { 'aria-labelledby': 'health-h' },
      h('h2', { id: 'health-h' }, 'Health'),
      h('ul', { class: 'cards', id: 'health-counts' }, HEALTH.map(status => card(status, summary.health[status], nodesLink({ health_status: status }), status)))),
    h('section', { 'aria-labelledby': 'lifecycle-h' },
      h('h2', { id: 'lifecycle-h' }, 'Lifecycle'),
      h('ul', { class: 'cards', id: 'lifecycle-counts' }, LIFECYCLE.map(state => card(state, summary.lifecycle[state], nodesLink({ lifecycle_state: state }), null)))),
    conditions(summary.clusterConditions),
    silos(summary.silos),
    grid(summary.racks),
  ];
}

// The overview is rebuilt on every refresh: the element that had the focus gets it back (keyboard users keep their place).
function focusKey(element) {
  if (!element || !element.closest || !element.closest('#overview')) return null;
  if (element.dataset.rack !== undefined) return `a.rack[data-zone="${CSS.escape(element.dataset.zone)}"][data-rack="${CSS.escape(element.dataset.rack)}"]`;
  if (element.dataset.count) return `a[data-count="${CSS.escape(element.dataset.count)}"]`;
  if (element.id) return `#${CSS.escape(element.id)}`;
  if (element.dataset.zoneSummary !== undefined) return `summary[data-zone-summary="${CSS.escape(element.dataset.zoneSummary)}"]`;
  return null;
}

function refocus(root, key) {
  if (!key) return;
  const element = root.querySelector(key);
  if (element) element.focus({ preventScroll: true });
}

// Zones the user opened or closed (by name) survive refreshes; without a choice a zone is open when it has
// unhealthy racks or the fleet is small.
const zoneChoice = new Map();
const ONLY_PROBLEMS = 'nodemanager.onlyProblemRacks';

function card(name, value, href, status) {
  return h('li', { class: `card ${status ? status.toLowerCase().replace('_', '-') : ''}` },
    h('a', { href, dataset: { count: name } },
      h('span', { class: 'value' }, count(value)),
      h('span', { class: 'label' }, name.replace('_', ' '))));
}

function conditions(list) {
  return h('section', { 'aria-labelledby': 'conditions-h' },
    h('h2', { id: 'conditions-h' }, 'Cluster conditions'),
    h('table', { class: 'table', id: 'conditions' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Condition'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Message'), h('th', { scope: 'col' }, 'Since'))),
      h('tbody', {}, list.map(c => h('tr', { class: c.status ? 'active' : '' },
        h('th', { scope: 'row' }, c.type),
        h('td', {}, h('span', { class: `badge ${c.status ? 'down' : 'ready'}` }, c.status ? 'ACTIVE' : 'clear')),
        h('td', {}, c.message || ''),
        h('td', {}, c.status && c.lastTransitionTime ? time(c.lastTransitionTime) : ''))))));
}

// One cell per rack, grouped by zone; its colour is the worst status among its nodes, its fill the ready share.
function grid(racks) {
  const zones = new Map();
  for (const rack of racks) {
    if (!zones.has(rack.zone)) zones.set(rack.zone, []);
    zones.get(rack.zone).push(rack);
  }
  const natural = new Intl.Collator(undefined, { numeric: true });
  const zoneNames = [...zones.keys()].sort(natural.compare);
  const onlyProblems = sessionStorage.getItem(ONLY_PROBLEMS) === '1';
  const small = racks.length <= 200;
  const toggle = h('input', { type: 'checkbox', id: 'only-problem-racks', checked: onlyProblems });
  const gridElement = h('div', { id: 'rack-grid', class: onlyProblems ? 'only-problems' : '' }, zoneNames.map(zone => {
    const list = zones.get(zone).sort((a, b) => natural.compare(a.rack, b.rack));
    const nodes = list.reduce((n, r) => n + r.total, 0);
    const unhealthy = list.reduce((n, r) => n + r.notReady + r.down, 0);
    const open = zoneChoice.has(zone) ? zoneChoice.get(zone) : small || unhealthy > 0;
    const details = h('details', { class: 'zone', dataset: { zone }, open },
      h('summary', { dataset: { zoneSummary: zone } }, h('strong', {}, zone || '(no zone)'),
        h('span', { class: 'muted' }, ` · ${count(list.length)} racks · ${count(nodes)} nodes`),
        unhealthy ? h('span', { class: 'error' }, ` · ${count(unhealthy)} unhealthy`) : null),
      h('ul', { class: 'racks' }, list.map(rack => h('li', { class: rack.notReady + rack.down > 0 ? 'problem' : '' }, rackCell(rack)))));
    details.addEventListener('toggle', () => zoneChoice.set(zone, details.open));
    return details;
  }));
  toggle.addEventListener('change', () => {
    sessionStorage.setItem(ONLY_PROBLEMS, toggle.checked ? '1' : '0');
    gridElement.classList.toggle('only-problems', toggle.checked);
  });
  return h('section', { 'aria-labelledby': 'grid-h' },
    h('h2', { id: 'grid-h' }, 'Racks by zone'),
    h('p', { class: 'muted' }, 'Each cell is a rack: ready / total nodes, coloured by its worst status (decommissioned nodes left out). Select a rack to list its nodes.'),
    h('div', { class: 'legend' }, ['ready', 'not-ready', 'down', 'unknown'].map(s => h('span', { class: `swatch ${s}` }, s.replace('-', ' '))),
      h('label', { class: 'check' }, toggle, 'Only racks with NOT READY or DOWN nodes')),
    racks.length === 0 ? h('p', {}, 'No nodes yet. ', h('a', { href: '#/import' }, 'Import a node file'), '.') : null,
    gridElement);
}

function rackCell(rack) {
  const worst = rack.down > 0 ? 'down' : rack.notReady > 0 ? 'not-ready' : rack.unknown > 0 && rack.ready === 0 ? 'unknown' : rack.unknown > 0 ? 'mixed' : 'ready';
  const label = `zone ${rack.zone || '(none)'}, rack ${rack.rack || '(none)'}: ${rack.ready} of ${rack.total} ready, ${rack.notReady} not ready, ${rack.down} down, ${rack.unknown} unknown`;
  const share = rack.total ? Math.round((rack.ready / rack.total) * 100) : 0;
  return h('a', {
    class: `rack ${worst}`, href: nodesLink({ zone: rack.zone, rack: rack.rack }), title: label, 'aria-label': label,
    dataset: { zone: rack.zone, rack: rack.rack, share: String(share) },
  }, h('span', { class: 'rack-name' }, rack.rack || '—'), h('span', { class: 'rack-count' }, `${rack.ready}/${rack.total}`));
}

function silos(list) {
  return h('section', { 'aria-labelledby': 'silos-h' },
    h('h2', { id: 'silos-h' }, 'Silos'),
    h('table', { class: 'table', id: 'silos' },
      h('thead', {}, h('tr', {}, ['Address', 'Name', 'Host', 'Status', 'Started', 'Last alive'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map(s => h('tr', {},
        h('td', {}, s.address, s.self ? h('span', { class: 'muted' }, ' (this one)') : null),
        h('td', {}, s.name), h('td', {}, s.hostName),
        h('td', {}, h('span', { class: `badge ${s.status === 'ACTIVE' ? 'ready' : s.status === 'DEAD' ? 'down' : 'not-ready'}` }, s.status)),
        h('td', {}, time(s.startTime)), h('td', {}, time(s.iAmAliveTime)))))));
}

function updateDashboardLink(dashboard) {
  const link = document.getElementById('dashboard-link');
  if (!dashboard) return;
  link.href = dashboard.path;
  link.title = dashboard.enabled ? 'Silos, grains and calls (Orleans Dashboard)' : 'Not enabled on this server: start it with --NodeManager:Dashboard:Enabled=true';
  link.classList.toggle('disabled', !dashboard.enabled);
}
