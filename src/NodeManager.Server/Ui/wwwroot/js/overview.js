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
      body.replaceChildren(...sections(summary));
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
    grid(summary.racks),
    silos(summary.silos),
  ];
}

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
  return h('section', { 'aria-labelledby': 'grid-h' },
    h('h2', { id: 'grid-h' }, 'Racks by zone'),
    h('p', { class: 'muted' }, 'Each cell is a rack: ready / total nodes, coloured by its worst status (decommissioned nodes left out). Select a rack to list its nodes.'),
    h('p', { class: 'legend' }, ['ready', 'not-ready', 'down', 'unknown'].map(s => h('span', { class: `swatch ${s}` }, s.replace('-', ' ')))),
    racks.length === 0 ? h('p', {}, 'No nodes yet. ', h('a', { href: '#/import' }, 'Import a node file'), '.') : null,
    h('div', { id: 'rack-grid' }, zoneNames.map(zone => {
      const list = zones.get(zone).sort((a, b) => natural.compare(a.rack, b.rack));
      const nodes = list.reduce((n, r) => n + r.total, 0);
      const unhealthy = list.reduce((n, r) => n + r.notReady + r.down, 0);
      return h('div', { class: 'zone', dataset: { zone } },
        h('h3', {}, zone || '(no zone)', h('span', { class: 'muted' }, ` · ${count(list.length)} racks · ${count(nodes)} nodes${unhealthy ? ` · ${count(unhealthy)} unhealthy` : ''}`)),
        h('ul', { class: 'racks' }, list.map(rack => h('li', {}, rackCell(rack)))));
    })));
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
