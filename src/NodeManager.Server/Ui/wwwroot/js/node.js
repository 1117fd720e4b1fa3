// #/nodes/<id> — one node: spec, devices, capacity and reservations, health with conditions, the timeline (the
// node's history, GET /v1/nodes/{id}/history, newest first, with what the change feed brings while the page is open
// on top), and the lifecycle actions behind a confirmation dialog.
// #/nodes/<id>?history_page_size=N reads the history N entries a page (default 50).
import { request, describe } from './api.js';
import * as feed from './feed.js';
import { h, time, statusBadge, lifecycleBadge, statusName, lifecycleName, decidedByName, bytes, cores, errorBox, hashQuery } from './dom.js';

const ACTIONS = [
  { target: 'COMMISSIONED', label: 'Commission', from: ['REGISTERED', 'MAINTENANCE', 'UPGRADING'] },
  { target: 'MAINTENANCE', label: 'Maintenance', from: ['COMMISSIONED', 'UPGRADING'] },
  { target: 'DECOMMISSIONED', label: 'Decommission', from: ['MAINTENANCE'] },
];

// The history's kinds, in the order of the filter's checkboxes, with their labels.
const KINDS = {
  CREATED: 'Created',
  UPDATED: 'Updated',
  DELETED: 'Deleted',
  HEALTH_CHANGED: 'Health',
  LIFECYCLE_CHANGED: 'Lifecycle',
  RESERVATION_CREATED: 'Reserved',
  RESERVATION_RELEASED: 'Released',
};

export function renderNode(view, id) {
  const title = h('h1', {}, 'Node');
  const actions = h('div', { class: 'actions', id: 'actions', role: 'group', 'aria-label': 'Lifecycle actions' });
  const message = h('p', { id: 'action-message', role: 'status', 'aria-live': 'polite' });
  const summary = h('div', { class: 'node-head' });
  const spec = h('section', { id: 'spec', 'aria-labelledby': 'spec-h' });
  const resources = h('section', { id: 'resources', 'aria-labelledby': 'resources-h' });
  const health = h('section', { id: 'health', 'aria-labelledby': 'health-h' });
  const timeline = h('ol', { class: 'timeline', id: 'timeline', 'aria-live': 'polite' });
  const historyNote = h('p', { class: 'muted', id: 'history-note' }, 'loading the history…');
  const more = h('div', { id: 'history-more' });
  const kindBoxes = Object.entries(KINDS).map(([kind, label]) =>
    h('label', {}, h('input', { type: 'checkbox', value: kind, checked: true, onchange: () => restartHistory() }), ` ${label}`));
  const filter = h('fieldset', { class: 'kind-filter', id: 'history-kinds' }, h('legend', {}, 'Show'), kindBoxes);
  view.append(
    h('p', {}, h('a', { href: '#/nodes' }, '← All nodes')),
    title, summary, actions, message,
    h('div', { class: 'columns' },
      h('div', {}, health, h('section', { 'aria-labelledby': 'timeline-h' },
        h('h2', { id: 'timeline-h' }, 'Timeline'),
        filter, historyNote, timeline, more)),
      h('div', {}, spec, resources)));

  const pageSize = historyPageSize();
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

  // The timeline: one <li> per revision, newest first. A history entry and the change-feed event of the same change
  // share the revision, so each change is shown once; the entry (with actor and detail) replaces the event's item.
  const shown = new Map();
  let generation = 0; // a change of the kind filter starts over; answers to the earlier reads are dropped

  function selectedKinds() {
    return kindBoxes.map(label => label.querySelector('input')).filter(box => box.checked).map(box => box.value);
  }

  function kindQuery() {
    const kinds = selectedKinds();
    return kinds.length === Object.keys(KINDS).length ? '' : kinds.join(',');
  }

  function place(entry, { live = false, fromFeed = false } = {}) {
    const kind = kindName(entry.kind);
    if (!selectedKinds().includes(kind)) return;
    const revision = String(entry.revision);
    if (!/^[0-9]+$/.test(revision)) return;
    const existing = shown.get(revision);
    if (existing && (fromFeed || existing.dataset.source !== 'feed')) return;
    const item = historyItem(entry);
    item.dataset.source = fromFeed ? 'feed' : 'history';
    if (live || (existing && existing.classList.contains('live'))) item.classList.add('live');
    shown.set(revision, item);
    if (existing) { existing.replaceWith(item); return; }
    const newer = BigInt(revision);
    const after = [...timeline.children].find(li => BigInt(li.dataset.revision) < newer);
    timeline.insertBefore(item, after || null);
    if (!historyNote.querySelector('[role=alert]')) historyNote.textContent = ''; // a failed read stays said
  }

  async function loadHistory(token) {
    const mine = generation;
    try {
      const page = await request(`/v1/nodes/${encodeURIComponent(id)}/history`,
        { query: { order: 'desc', page_size: pageSize, page_token: token, kind: kindQuery() } });
      if (mine !== generation || stopped) return;
      for (const entry of page.entries || []) place(entry);
      historyNote.textContent = shown.size ? '' : selectedKinds().length ? 'No recorded changes yet.' : 'No kind selected.';
      more.replaceChildren(page.nextPageToken
        ? h('button', { type: 'button', id: 'history-older', onclick: event => { event.target.disabled = true; loadHistory(page.nextPageToken); } }, 'Older entries')
        : '');
    } catch (error) {
      if (mine !== generation || stopped) return;
      historyNote.replaceChildren(errorBox(`The history could not be read: ${describe(error)}`));
      more.replaceChildren(h('button', { type: 'button', onclick: () => { historyNote.textContent = ''; loadHistory(token); } }, 'Try again'));
    }
  }

  function restartHistory() {
    generation++;
    shown.clear();
    timeline.replaceChildren();
    more.replaceChildren();
    historyNote.textContent = selectedKinds().length ? 'loading the history…' : 'No kind selected.';
    if (selectedKinds().length) loadHistory('');
  }

  // After a live event: the newest entries, for the detail the event lacks (who, which fields, from which status).
  let refreshing = null;
  let refreshAgain = false;
  async function refreshNewest() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = (async () => {
      do {
        refreshAgain = false;
        const mine = generation;
        try {
          const page = await request(`/v1/nodes/${encodeURIComponent(id)}/history`,
            { query: { order: 'desc', page_size: Math.max(pageSize, 20), kind: kindQuery() } });
          if (mine === generation && !stopped) for (const entry of page.entries || []) place(entry);
        } catch {
          // The event's own item stays; the next event or a reload brings the detail.
        }
      } while (refreshAgain && !stopped);
      refreshing = null;
    })();
  }

  (async () => {
    try {
      const head = await feed.headRevision(); // read first: a change after it reaches this page through the feed
      const first = await request(`/v1/nodes/${encodeURIComponent(id)}`);
      if (stopped) return;
      show(first);
      feed.ensure(head);
      loadHistory('');
      resources.replaceChildren(...await reservations(id, first));
    } catch (error) {
      title.textContent = 'Node not found';
      summary.replaceChildren(errorBox(describe(error)));
      historyNote.textContent = '';
    }
  })();

  const unsubscribe = feed.subscribe(message => {
    if (message.type === 'RELIST') { refreshNewest(); return; } // the feed skipped ahead: the history has what it missed
    const event = message.event;
    if (!node || !event || event.nodeId !== node.id) return;
    const before = node;
    if (message.type === 'HEALTH_CHANGED' && event.health) show({ ...node, health: event.health });
    else if ((message.type === 'LIFECYCLE_CHANGED' || message.type === 'UPDATED') && event.node) show({ ...event.node, health: event.node.health || node.health });
    const entry = entryFromEvent(message, before);
    if (!entry) return;
    place(entry, { live: true, fromFeed: true });
    refreshNewest();
  });
  return () => { stopped = true; unsubscribe(); };
}

function historyPageSize() {
  const value = Number(hashQuery().get('history_page_size'));
  return Number.isInteger(value) && value >= 1 && value <= 1000 ? value : 50;
}

function kindName(kind) {
  return (kind || '').toString().replace(/^NODE_EVENT_TYPE_/, '');
}

/** A change-feed event in the shape of a history entry (what the event carries; the history has the rest). */
function entryFromEvent(message, before) {
  const event = message.event;
  const base = { revision: message.revision, time: event.time, kind: message.type };
  switch (message.type) {
    case 'CREATED':
    case 'UPDATED':
    case 'DELETED':
      return { ...base, name: event.node && event.node.name };
    case 'HEALTH_CHANGED': {
      const hl = event.health || {};
      return { ...base, health: { from: before.health && before.health.status, to: hl.status, decidedBy: hl.decidedBy, reason: hl.reason, message: hl.message, conditions: (hl.conditions || []).filter(c => c.status) } };
    }
    case 'LIFECYCLE_CHANGED': {
      const t = event.transition || {};
      return { ...base, actor: t.actor, lifecycle: { from: t.fromState, to: t.toState, reason: t.reason, operationId: t.operationId } };
    }
    case 'RESERVATION_CREATED':
    case 'RESERVATION_RELEASED':
      return { ...base, reservation: { kind: event.reservation && event.reservation.kind, name: event.reservation && event.reservation.name } };
    default:
      return null;
  }
}

function healthFrom(status) {
  return !status || status === 'HEALTH_STATUS_UNSPECIFIED' ? 'none' : statusName(status);
}

/** One history entry: time, kind, what changed, who. */
function historyItem(entry) {
  const kind = kindName(entry.kind);
  const detail = [];
  let after = null; // below the line: a health transition's conditions
  switch (kind) {
    case 'CREATED':
    case 'DELETED':
      detail.push(h('span', { class: 'name' }, entry.name || ''));
      break;
    case 'UPDATED':
      detail.push(entry.name ? `${entry.name}: ` : '', (entry.changedFields || []).length
        ? h('span', { class: 'fields' }, entry.changedFields.join(', '))
        : h('span', { class: 'muted' }, 'fields not recorded'));
      break;
    case 'HEALTH_CHANGED': {
      const hl = entry.health || {};
      detail.push(h('span', { class: 'transition' }, `${healthFrom(hl.from)} → ${statusName(hl.to)}`));
      if (decidedByName(hl.decidedBy)) detail.push(', decided by ', h('span', { class: 'decided' }, decidedByName(hl.decidedBy)));
      if (hl.reason) detail.push(` (${hl.reason})`);
      if (hl.message) detail.push(`: ${hl.message}`);
      const conditions = hl.conditions || [];
      if (conditions.length) {
        after = h('ul', { class: 'conditions', 'aria-label': 'Conditions' }, conditions.map(c =>
          h('li', {}, `${c.type}=${c.status ? 'true' : 'false'}${c.reason ? ` (${c.reason})` : ''}`)));
      }
      break;
    }
    case 'LIFECYCLE_CHANGED': {
      const lc = entry.lifecycle || {};
      detail.push(h('span', { class: 'transition' }, `${lifecycleName(lc.from)} → ${lifecycleName(lc.to)}`));
      if (lc.reason) detail.push(`: ${lc.reason}`);
      if (lc.operationId) detail.push(' ', h('span', { class: 'muted mono' }, `(operation ${lc.operationId})`));
      break;
    }
    case 'RESERVATION_CREATED':
    case 'RESERVATION_RELEASED': {
      const r = entry.reservation || {};
      detail.push(h('span', { class: 'reservation' }, `${(r.kind || '').replace(/^RESERVATION_KIND_/, '')} ${r.name || ''}`.trim()));
      break;
    }
    default:
      break;
  }
  return h('li', { dataset: { revision: String(entry.revision), kind } },
    time(entry.time), ' ', h('strong', { class: 'kind' }, KINDS[kind] || kind || 'Change'), ' ', detail,
    entry.actor ? h('span', { class: 'actor muted' }, ` · by ${entry.actor}`) : null, after);
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
        body: { targetState: `LIFECYCLE_STATE_${action.target}`, reason: reason.value.trim(), expectedVersion: String(node.version), force: force.checked },
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
