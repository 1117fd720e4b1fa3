// The change feed (GET /v1/events) read with fetch() and a stream reader — EventSource cannot send the
// Authorization header. One connection for the whole page; pages subscribe to it. After a drop it resumes from the
// last revision it saw; when that revision is older than the server keeps (410 / OUT_OF_RANGE) it tells the pages
// to list again ("relist") and follows from now.
import { request, ApiError } from './api.js';

const listeners = new Set();
const statusListeners = new Set();
let revision = null;      // last revision delivered (or the one the first page listed at)
let running = false;
let controller = null;
let state = 'idle';

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onStatus(listener) {
  statusListeners.add(listener);
  listener(state);
}

export function lastRevision() {
  return revision;
}

/** Starts the feed after the revision a page listed at; a running feed keeps its own position. */
export function ensure(listedAt) {
  if (running) return;
  if (listedAt !== undefined && listedAt !== null && revision === null) revision = Number(listedAt);
  running = true;
  loop();
}

/** The change feed's newest revision now (a one-node list carries it): where to follow from when no page listed. */
export async function headRevision() {
  const list = await request('/v1/nodes', { query: { page_size: 1 } });
  return Number(list.revision);
}

/** Stops and starts again (after a new token, say). */
export function restart() {
  if (controller) controller.abort();
}

function setState(next, detail) {
  state = next;
  for (const l of statusListeners) l(next, detail);
}

function dispatch(event) {
  for (const l of listeners) {
    try { l(event); } catch (e) { console.error('feed listener', e); }
  }
}

async function loop() {
  let delay = 500;
  for (;;) {
    controller = new AbortController();
    try {
      // Never follow "from now" blindly: a drop before the first event would then lose what happened meanwhile.
      if (revision === null) revision = await headRevision();
      const response = await request('/v1/events', { query: { after_revision: revision ?? '' }, signal: controller.signal, raw: true });
      if (response.status === 410) {
        revision = null;
        dispatch({ type: 'RELIST' });
        await new Promise(resolve => setTimeout(resolve, delay));
        continue;
      }
      if (!response.ok) {
        const text = await response.text();
        let problem = null;
        try { problem = JSON.parse(text); } catch { /* not JSON */ }
        throw new ApiError(response.status, problem, text);
      }
      setState('live');
      delay = 500;
      await read(response.body);
      setState('reconnecting', 'the server closed the stream');
    } catch (error) {
      if (error.name === 'AbortError') {
        setState('reconnecting', 'restarted');
        continue;
      }
      setState('reconnecting', error.status === 401 || error.status === 403 ? 'not authorised: paste a token' : error.message);
    }
    await new Promise(resolve => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10000);
  }
}

async function read(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, type: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data.length) handle(event);
        event = { id: null, type: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = text;
        else if (field === 'event') event.type = text;
        else if (field === 'data') event.data.push(text);
      }
    }
  }
}

function handle(event) {
  const data = JSON.parse(event.data.join('\n'));
  if (event.type === 'error') {
    if (data.code === 'OUT_OF_RANGE') {
      revision = null;
      dispatch({ type: 'RELIST' });
    }
    throw new Error(data.detail || data.code);
  }
  if (event.id) revision = Number(event.id);
  dispatch({ type: event.type.replace(/^NODE_EVENT_TYPE_/, ''), revision: Number(event.id), event: data });
}
