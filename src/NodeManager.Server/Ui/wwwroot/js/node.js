// #/nodes/<id> — one node: spec, devices, capacity and reservations, health with conditions, the timeline of
// transitions (GET /v1/nodes/{id}/history when the server has it, and what the change feed brings while the page is
// open), and the lifecycle actions behind a confirmation dialog.
import { request, describe, isMissingRoute, ApiError } from './api.js';
import * as feed from './feed.js';
import { h, time, statusBadge, lifecycleBadge, statusName, lifecycleName, decidedByName, bytes, cores, errorBox } from './dom.js';

const ACTIONS = [
  { target: 'COMMISSIONED', label: 'Commission', from: ['REGISTERED', 'MAINTENANCE', 'UPGRADING'] },
  { target: 'MAINTENANCE', label: 'Maintenance', from: ['COMMISSIONED', 'UPGRADING'] },
  { target: 'DECOMMISSIONED', label: 'Decommission', from: ['MAINTENANCE'] },
];

export function renderNode(view, id) {
  const title = h('h1', {}, 'Node');
  const actions = h('div', { class: 'actions', id: 'actions', role: 'group', 'aria-label': 'Lifecycle actions' });
  const message = h('p', { id: 'action-message', role: 'status', 'aria-live': 'polite' });
  const summary = h('div', { class: 'node-head' });
  const spec = h('section', { id: 'spec', 'aria-labelledby': 'spec-h' });
  const resources = h('section', { id: 'resources', 'aria-labelledby': 'resources-h' });
  const health = h('section', { id: 'health', 'aria-labelledby': 'health-h' });
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });
  const live = h('ol', { class: 'timeline', id: 'live-timeline' });
  const historyNote = h('p', { class: 'muted', id: 'history-note' }, 'loading the history…');
  const more = h('div');
  view.append(
    h('p', {}, h('a', { href: '#/nodes' }, '← All nodes')),
    title, summary, actions, message,
    h('div', { class: 'columns' },
      h('div', {}, health, h('section', { 'aria-labelledby': 'timeline-h' },
        h('h2', { id: 'timeline-h' }, 'Timeline'),
        h('h3', {}, 'Seen live while this page is open'), live,
        h('h3', {}, 'History'), historyNote, timeline, more)),
      h('div', {}, spec, resources)));

  let node = null;
  let stopped = false;

  function show(next) {
    node = next;
    title.textContent = `Node ${node.name || node.id}`;
    summary.replaceChildren(
      h('span', { class: 'muted mono' }, node.id), ' ',
      statusBadge(node.health && node.health.status), ' ', lifecycleBadge(node.lifecycleState),
      ` · version ${node.version}`);
    renderActions();
    renderHealth(health, node.health);
    renderSpec(spec, node);
  }

  function renderActions() {
    const state = lifecycleName(node.lifecycleState);
    actions.replaceChildren(...ACTIONS.map(action => h('button', {
      type: 'button', id: `action-${action.target.toLowerCase()}`, disabled: !action.from.includes(state),
      title: action.from.includes(state) ? `Move the node to ${action.target}` : `Not from ${state} (allowed from ${action.from.join(', ')})`,
      onclick: () => confirmTransition(node, action, done => {
        message.textContent = done;
        reload();
      }),
    }, action.label)));
  }

  async function reload() {
    try {
      show(await request(`/v1/nodes/${encodeURIComponent(id)}`));
      resources.replaceChildren(...await reservations(id, node));
    } catch (error) {
      if (!stopped) message.replaceChildren(errorBox(describe(error)));
    }
  }

  let newestFirst = true;
  async function loadHistory(token) {
    try {
      const path = `/v1/nodes/${encodeURIComponent(id)}/history`;
      let page;
      try {
        page = await request(path, { query: { order: newestFirst ? 'desc' : '', page_size: 50, page_token: token } });
      } catch (error) {
        // A server whose history takes no order=desc: read it in its own order.
        if (!(error instanceof ApiError) || error.status !== 400 || !newestFirst) throw error;
        newestFirst = false;
        page = await request(path, { query: { page_size: 50, page_token: token } });
      }
      historyNote.textContent = page.entries && page.entries.length ? '' : 'No recorded transitions yet.';
      for (const entry of page.entries || []) timeline.append(historyItem(entry));
      more.replaceChildren(page.nextPageToken ? h('button', { type: 'button', onclick: () => loadHistory(page.nextPageToken) }, 'Older entries') : '');
    } catch (error) {
      historyNote.textContent = isMissingRoute(error)
        ? 'History not available on this server (no /v1/nodes/{id}/history). The current health above shows the last transition and what decided it; transitions seen live are listed above.'
        : `The history could not be read: ${describe(error)}`;
    }
  }

  (async () => {
    try {
      const head = await feed.headRevision(); // read first: a change after it reaches this page through the feed
      const first = await request(`/v1/nodes/${encodeURIComponent(id)}`);
      if (stopped) return;
      show(first);
      feed.ensure(head);
      resources.replaceChildren(...await reservations(id, first));
      loadHistory('');
    } catch (error) {
      title.textContent = 'Node not found';
      summary.replaceChildren(errorBox(describe(error)));
      historyNote.textContent = '';
    }
  })();

  const unsubscribe = feed.subscribe(message => {
    const event = message.event;
    if (!node || !event || event.nodeId !== node.id) return;
    if (message.type === 'HEALTH_CHANGED' && event.health) {
      show({ ...node, health: event.health });
      live.prepend(h('li', { class: 'live' }, time(event.time), ' ', transitionText('health', statusName(event.health.status), event.health)));
    } else if (message.type === 'LIFECYCLE_CHANGED' && event.transition) {
      if (event.node) show({ ...event.node, health: event.node.health || node.health });
      const t = event.transition;
      live.prepend(h('li', { class: 'live' }, time(event.time), ' ', `lifecycle ${lifecycleName(t.fromState)} → ${lifecycleName(t.toState)} by ${t.actor || '?'}: ${t.reason || ''}`));
    } else if (message.type === 'UPDATED' && event.node) {
      show({ ...event.node, health: event.node.health || node.health });
      live.prepend(h('li', { class: 'live' }, time(event.time), ` spec updated to version ${event.node.version}`));
    } else if (message.type === 'DELETED') {
      live.prepend(h('li', { class: 'live' }, time(event.time), ' node deleted'));
    }
  });
  return () => { stopped = true; unsubscribe(); };
}

function transitionText(kind, to, health) {
  return `${kind} → ${to}${health.reason ? ` (${health.reason})` : ''}${decidedByName(health.decidedBy) ? `, decided by ${decidedByName(health.decidedBy)}` : ''}${health.message ? `: ${health.message}` : ''}`;
}

function historyItem(entry) {
  const parts = [];
  if (entry.health) {
    const hl = entry.health;
    parts.push(`health ${statusName(hl.from)} → ${statusName(hl.to)}${hl.reason ? ` (${hl.reason})` : ''}${hl.decidedBy ? `, decided by ${decidedByName(hl.decidedBy)}` : ''}`);
  }
  if (entry.lifecycle) {
    const lc = entry.lifecycle;
    parts.push(`lifecycle ${lifecycleName(lc.from || lc.fromState)} → ${lifecycleName(lc.to || lc.toState)}${lc.reason ? `: ${lc.reason}` : ''}`);
  }
  if (parts.length === 0) parts.push((entry.kind || 'change').toString().toLowerCase());
  return h('li', { dataset: { revision: entry.revision } }, time(entry.time), ' ', parts.join('; '), entry.actor ? h('span', { class: 'muted' }, ` · by ${entry.actor}`) : null);
}

function renderHealth(section, health) {
  const hl = health || {};
  section.replaceChildren(
    h('h2', { id: 'health-h' }, 'Health'),
    h('dl', { class: 'props' },
      h('dt', {}, 'Status'), h('dd', { id: 'health-status' }, statusBadge(hl.status), hl.expected ? h('span', { class: 'muted' }, ' (expected: node out of rotation)') : null),
      h('dt', {}, 'Reason'), h('dd', {}, hl.reason || '—', hl.message ? ` — ${hl.message}` : ''),
      h('dt', {}, 'Decided by'), h('dd', { id: 'health-decided' }, decidedByName(hl.decidedBy) || '—'),
      h('dt', {}, 'Last transition'), h('dd', {}, time(hl.lastTransitionTime)),
      h('dt', {}, 'Last heartbeat'), h('dd', {}, time(hl.lastHeartbeatTime)),
      h('dt', {}, 'Flaps'), h('dd', {}, String(hl.flapCount || 0))),
    h('h3', {}, 'Conditions'),
    (hl.conditions || []).length === 0 ? h('p', { class: 'muted' }, 'No conditions reported.')
      : h('table', { class: 'table', id: 'conditions' },
        h('thead', {}, h('tr', {}, ['Type', 'Status', 'Reason', 'Message', 'Since'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, hl.conditions.map(c => h('tr', { class: c.status ? 'active' : '' },
          h('th', { scope: 'row' }, c.type), h('td', {}, c.status ? 'true' : 'false'), h('td', {}, c.reason || ''), h('td', {}, c.message || ''), h('td', {}, time(c.lastTransitionTime)))))));
}

function renderSpec(section, node) {
  const loc = node.location || {};
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value === undefined || value === '' || value === null ? '—' : value)];
  section.replaceChildren(
    h('h2', { id: 'spec-h' }, 'Spec'),
    h('dl', { class: 'props' },
      row('Name', node.name), row('Id', h('span', { class: 'mono' }, node.id)), row('IP', node.ip), row('MAC', node.mac), row('veth', node.veth),
      row('Data-path IP', node.dataPathIp), row('Management address', node.managementAddress), row('Agent port', node.agentPort || ''),
      row('Host DVR MAC', node.hostDvrMac), row('Serial number', node.serialNumber),
      row('Location', [loc.region, loc.zone, loc.rack, loc.position].filter(Boolean).join(' / ')),
      row('Labels', Object.keys(node.labels || {}).length ? h('ul', { class: 'labels' }, Object.entries(node.labels).map(([k, v]) => h('li', {}, `${k}=${v}`))) : ''),
      row('Created', time(node.createTime)), row('Updated', time(node.updateTime))),
    h('h3', {}, 'Devices'),
    (node.devices || []).length === 0 ? h('p', { class: 'muted' }, 'No devices.')
      : h('table', { class: 'table', id: 'devices' },
        h('thead', {}, h('tr', {}, ['Kind', 'Model', 'Count', 'Attributes'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, node.devices.map(d => h('tr', {},
          h('td', {}, (d.kind || '').replace(/^DEVICE_KIND_/, '')), h('td', {}, d.model || ''), h('td', {}, String(d.count || 0)),
          h('td', {}, Object.entries(d.attributes || {}).map(([k, v]) => `${k}=${v}`).join(', ')))))));
}

async function reservations(id, node) {
  const heading = h('h2', { id: 'resources-h' }, 'Capacity and reservations');
  let list;
  try {
    list = await request(`/v1/nodes/${encodeURIComponent(id)}/reservations`);
  } catch (error) {
    return [heading, errorBox(`Reservations could not be read: ${describe(error)}`)];
  }
  const cap = list.capacity || node.capacity || {};
  const reserved = list.reserved || {};
  const free = list.free || {};
  return [heading,
    h('table', { class: 'table', id: 'capacity' },
      h('thead', {}, h('tr', {}, ['', 'Capacity', 'Reserved', 'Free'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, 'CPU'), h('td', {}, cores(cap.cpuMilliCores)), h('td', {}, cores(reserved.cpuMilliCores)), h('td', {}, cores(free.cpuMilliCores))),
        h('tr', {}, h('th', { scope: 'row' }, 'Memory'), h('td', {}, bytes(cap.memoryBytes)), h('td', {}, bytes(reserved.memoryBytes)), h('td', {}, bytes(free.memoryBytes))),
        h('tr', {}, h('th', { scope: 'row' }, 'Storage'), h('td', {}, bytes(cap.storageBytes)), h('td', {}, bytes(reserved.storageBytes)), h('td', {}, bytes(free.storageBytes))))),
    (list.reservations || []).length === 0 ? h('p', { class: 'muted' }, 'No reservations.')
      : h('table', { class: 'table', id: 'reservations' },
        h('thead', {}, h('tr', {}, ['Name', 'Kind', 'CPU', 'Memory', 'Storage', 'Since'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.reservations.map(r => h('tr', {},
          h('td', {}, r.name), h('td', {}, (r.kind || '').replace(/^RESERVATION_KIND_/, '')),
          h('td', {}, cores(r.requestCpuMilliCores)), h('td', {}, bytes(r.requestMemoryBytes)), h('td', {}, bytes(r.requestStorageBytes)), h('td', {}, time(r.createTime))))))];
}

// The <dialog>: a reason is required; Escape or Cancel closes it without a call; errors stay in the dialog.
function confirmTransition(node, action, done) {
  const dialog = document.getElementById('confirm');
  const form = document.getElementById('confirm-form');
  const reason = document.getElementById('confirm-reason');
  const force = document.getElementById('confirm-force');
  const error = document.getElementById('confirm-error');
  const ok = document.getElementById('confirm-ok');
  document.getElementById('confirm-title').textContent = `${action.label} ${node.name}?`;
  document.getElementById('confirm-text').textContent =
    `Moves node ${node.name} (${node.id}) from ${lifecycleName(node.lifecycleState)} to ${action.target}.`;
  document.getElementById('confirm-force-row').hidden = action.target !== 'DECOMMISSIONED';
  reason.value = '';
  force.checked = false;
  error.textContent = '';
  ok.disabled = false;
  const cancel = document.getElementById('confirm-cancel');
  const onCancel = () => dialog.close('cancel');
  const onSubmit = async event => {
    event.preventDefault();
    if (!reason.value.trim()) { error.textContent = 'reason: is required'; reason.focus(); return; }
    ok.disabled = true;
    try {
      const result = await request(`/v1/nodes/${encodeURIComponent(node.id)}:transition`, {
        method: 'POST',
        body: { targetState: `LIFECYCLE_STATE_${action.target}`, reason: reason.value.trim(), expectedVersion: String(node.version), actor: 'ui', force: force.checked },
      });
      dialog.close('ok');
      done(result.changed ? `${node.name} is now ${action.target}.` : `${node.name} already was ${action.target}.`);
    } catch (e) {
      error.textContent = describe(e);
      ok.disabled = false;
    }
  };
  form.addEventListener('submit', onSubmit);
  cancel.addEventListener('click', onCancel);
  dialog.addEventListener('close', () => {
    form.removeEventListener('submit', onSubmit);
    cancel.removeEventListener('click', onCancel);
  }, { once: true });
  dialog.showModal();
  reason.focus();
}
