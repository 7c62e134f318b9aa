import { t } from './i18n.js';

// An error from the gateway or a service, already worded for a person: `message` says what happened and what to do,
// `detail` is the service's own sentence when it sent one that reads as prose.
export class ApiError extends Error {
  constructor(status, message, detail = null) {
    super(message);
    this.status = status;
    this.detail = detail;
  }

  toString() {
    return this.detail ? `${this.message} ${t('error.details', { detail: this.detail })}` : this.message;
  }
}

let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

// fetch with the session cookie (same origin); a non-2xx answer becomes an ApiError. `signingIn` marks the sign-in
// calls themselves, whose 401 means "wrong password or key", not "the session ended".
export async function request(path, { method = 'GET', json, form, signal, headers = {}, signingIn = false } = {}) {
  const init = { method, signal, headers: { ...headers }, credentials: 'same-origin' };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, t('error.network'));
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !signingIn) onUnauthorized(error);
    throw error;
  }
  return response;
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

export async function postJson(path, body, options = {}) {
  return (await request(path, { ...options, method: 'POST', json: body })).json();
}

export async function postForm(path, form, options = {}) {
  return (await request(path, { ...options, method: 'POST', form })).json();
}

export async function toApiError(response) {
  const detail = await readDetail(response);
  const status = response.status;
  if (status === 429) {
    const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return new ApiError(status, t('error.429', { seconds: Number.isFinite(seconds) ? seconds : 30 }));
  }
  const key = `error.${status}`;
  const known = ['400', '401', '403', '404', '408', '413', '415', '422', '500', '502', '503', '504'].includes(String(status));
  const message = known ? t(key) : t('error.other', { status });
  // Our own wording already covers these; the service's sentence would only repeat it in English.
  const redundant = [401, 413, 429, 502, 503, 504].includes(status);
  return new ApiError(status, message, redundant ? null : detail);
}

// Problem details carry `detail`/`title`, OpenAI errors carry `error.message`; anything else (HTML, stacks) is dropped.
async function readDetail(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return null;
  let body;
  try {
    body = await response.json();
  } catch {
    return null;
  }
  const candidate = body?.error?.message ?? body?.detail ?? body?.title ?? null;
  return isProse(candidate) ? candidate : null;
}

function isProse(text) {
  return typeof text === 'string'
    && text.length > 0
    && text.length <= 300
    && !/[{}<>]|\bat [\w.]+\(|Exception\b|\n\s+at /.test(text);
}
