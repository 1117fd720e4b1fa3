// Every request of the dashboard goes through request(): it adds the bearer token the user pasted (kept in
// sessionStorage, so it goes with the tab) and turns RFC 9457 problem details into an ApiError naming the field.
const TOKEN_KEY = 'nodemanager.token';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    const fields = (problem && problem.errors || []).map(e => `${e.field}: ${e.description}`);
    super(problem && problem.detail ? problem.detail : fallback || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.fields = fields;
  }
}

/**
 * fetch() with the token. Options: method, body (object → JSON, string as is), query (object → search params;
 * empty values left out), signal, raw (return the Response without reading it).
 */
export async function request(path, { method = 'GET', body, query, signal, raw = false, headers = {} } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  const h = new Headers(headers);
  const token = getToken();
  if (token) h.set('Authorization', `Bearer ${token}`);
  if (body !== undefined && !h.has('Content-Type')) h.set('Content-Type', 'application/json');
  const response = await fetch(url, {
    method, signal, headers: h, cache: 'no-store',
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (raw) return response;
  const text = await response.text();
  const type = response.headers.get('Content-Type') || '';
  const json = text && type.includes('json') ? JSON.parse(text) : null;
  if (!response.ok && !(response.status === 422 && json && json.rows)) {
    throw new ApiError(response.status, json, text.slice(0, 200) || response.statusText);
  }
  return json;
}

export function describe(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Not authenticated: paste an API token in the header (HTTP 401).';
    if (error.status === 403) return `Not allowed for this token's role (HTTP 403). ${error.message}`;
    return error.fields.length ? `${error.message} (${error.fields.join('; ')})` : error.message;
  }
  return error && error.message ? error.message : String(error);
}
