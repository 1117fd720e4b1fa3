// #/import — upload a node file (the formats `nmctl nodes import` and NodeManager:Import:File accept: a JSON array of
// nodes, {"nodes": [...]} as an ImportNodesRequest, or Alcor's {"host_infos": [...]}), see the server's dry run row by
// row, then apply. The file is sent as it is to POST /v1/nodes:import; the server decodes and validates it.
import { request, describe } from './api.js';
import * as feed from './feed.js';
import { h, count, errorBox } from './dom.js';

const MAX_BYTES = 64 * 1024 * 1024;
const DIFFED_ROWS = 200;

export function renderImport(view) {
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.json,application/json', required: true });
  const mode = h('select', { id: 'import-mode', name: 'mode' },
    h('option', { value: 'ALL_OR_NOTHING' }, 'All or nothing (a bad row stops the whole import)'),
    h('option', { value: 'BEST_EFFORT' }, 'Best effort (good rows are applied, bad ones reported)'));
  const preview = h('button', { type: 'submit', class: 'primary', id: 'import-preview' }, 'Check (dry run)');
  const apply = h('button', { type: 'button', id: 'import-apply', disabled: true }, 'Apply');
  const status = h('div', { id: 'import-status', role: 'status', 'aria-live': 'polite' });
  const report = h('div', { id: 'import-report' });
  const form = h('form', { class: 'filters', id: 'import-form' },
    h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'Node file (JSON)'), file),
    h('div', { class: 'field' }, h('label', { for: 'import-mode' }, 'Mode'), mode),
    h('div', { class: 'field buttons' }, preview, apply));
  view.append(
    h('h1', {}, 'Import nodes'),
    h('p', {}, 'Choose a node file; the server checks it and shows what each row would do. Nothing is written until you apply.'),
    form, status, report);

  let text = null;
  let checked = null;
  feed.ensure(null); // the header's live indicator, and the change feed ready for the next page

  async function readFile() {
    const chosen = file.files && file.files[0];
    if (!chosen) throw new Error('file: choose a node file first');
    if (chosen.size > MAX_BYTES) throw new Error(`file: ${chosen.name} is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
    return chosen.text();
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    apply.disabled = true;
    report.replaceChildren();
    status.textContent = 'checking…';
    try {
      text = await readFile();
      const result = await request('/v1/nodes:import', { method: 'POST', body: text, query: { dry_run: 'true', mode: mode.value } });
      checked = result;
      const blocked = mode.value === 'ALL_OR_NOTHING' && (result.summary.invalid || 0) + (result.summary.conflicts || 0) > 0;
      const changes = (result.summary.created || 0) + (result.summary.updated || 0);
      apply.disabled = blocked || changes === 0;
      status.replaceChildren(
        h('p', { id: 'import-verdict', class: blocked ? 'error' : '' }, blocked
          ? 'Dry run: the file has bad rows, so an all-or-nothing import would write nothing. Fix them, or choose best effort.'
          : changes === 0 ? 'Dry run: nothing to change.' : `Dry run: ${count(changes)} node(s) would change. Apply to write them.`));
      report.replaceChildren(...await renderReport(result, text));
    } catch (error) {
      status.replaceChildren(errorBox(describe(error)));
    }
  });

  apply.addEventListener('click', async () => {
    if (text === null || checked === null) return;
    apply.disabled = true;
    status.textContent = 'applying…';
    try {
      const result = await request('/v1/nodes:import', { method: 'POST', body: text, query: { dry_run: 'false', mode: mode.value } });
      status.replaceChildren(h('p', { id: 'import-verdict', class: result.applied ? '' : 'error' }, result.applied
        ? `Applied: ${count(result.summary.created)} created, ${count(result.summary.updated)} updated, ${count(result.summary.unchanged)} unchanged.`
        : 'Nothing was applied (the server refused the file; see the rows).'));
      report.replaceChildren(...await renderReport(result, null));
      text = null;
    } catch (error) {
      status.replaceChildren(errorBox(describe(error)));
    }
  });

  file.addEventListener('change', () => { apply.disabled = true; checked = null; report.replaceChildren(); status.textContent = ''; });
  return () => {};
}

async function renderReport(result, text) {
  const s = result.summary || {};
  const totals = h('ul', { class: 'cards small', id: 'import-summary' },
    [['total', s.total], ['created', s.created], ['updated', s.updated], ['unchanged', s.unchanged], ['conflicts', s.conflicts], ['invalid', s.invalid]]
      .map(([name, value]) => h('li', { class: `card ${name === 'invalid' || name === 'conflicts' ? (value ? 'down' : '') : ''}`, dataset: { count: name } },
        h('span', { class: 'value' }, count(value)), h('span', { class: 'label' }, name))));
  const diffs = text ? await updateDiffs(result.rows || [], text) : new Map();
  const table = h('table', { class: 'table', id: 'import-rows' },
    h('thead', {}, h('tr', {}, ['Row', 'Action', 'Name', 'Id', 'Details'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (result.rows || []).map(row => {
      const action = (row.action || '').replace(/^IMPORT_ACTION_/, '');
      const details = [];
      for (const v of row.violations || []) details.push(h('li', {}, `${v.field}: ${v.description}`));
      if (row.conflictingNodeId) details.push(h('li', {}, 'held by ', h('a', { href: `#/nodes/${row.conflictingNodeId}` }, row.conflictingNodeId)));
      for (const d of diffs.get(row.row) || []) details.push(h('li', { class: 'diff' }, `${d.field}: `, h('del', {}, d.from), ' → ', h('ins', {}, d.to)));
      return h('tr', { class: `import-${action.toLowerCase()}`, dataset: { row: row.row, action } },
        h('td', {}, String(row.row)), h('td', {}, h('span', { class: `badge action ${action.toLowerCase()}` }, action)),
        h('td', {}, row.name || ''), h('td', { class: 'mono' }, row.id || ''),
        h('td', {}, details.length ? h('ul', { class: 'details' }, details) : ''));
    })));
  return [totals, table];
}

// For UPDATE rows of a JSON array (or {"nodes": [...]}) file: the fields the row changes, against the node as it is.
async function updateDiffs(rows, text) {
  const diffs = new Map();
  let items;
  try {
    const parsed = JSON.parse(text);
    items = Array.isArray(parsed) ? parsed : Array.isArray(parsed.nodes) ? parsed.nodes : null;
  } catch {
    items = null;
  }
  if (!items) return diffs;
  const updates = rows.filter(r => (r.action || '').endsWith('UPDATE') && r.id).slice(0, DIFFED_ROWS);
  await Promise.all(updates.map(async row => {
    try {
      const current = await request(`/v1/nodes/${encodeURIComponent(row.id)}`);
      const wanted = items[row.row - 1] || {};
      const changes = [];
      for (const [key, value] of Object.entries(wanted)) {
        const field = key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
        if (['id', 'version', 'health', 'createTime', 'updateTime', 'lifecycleState', 'reserved'].includes(field)) continue;
        const before = stable(current[field] ?? '');
        const after = stable(value ?? '');
        if (before !== after && !(isEmpty(current[field]) && isEmpty(value))) changes.push({ field, from: before, to: after });
      }
      diffs.set(row.row, changes);
    } catch {
      /* the row's action is shown without its fields */
    }
  }));
  return diffs;
}

function isEmpty(value) {
  return value === undefined || value === null || value === '' || value === 0 || (typeof value === 'object' && Object.keys(value).length === 0);
}

function stable(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]])) : v));
}
