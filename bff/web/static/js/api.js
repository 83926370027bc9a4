// The GraphQL transport. Same origin with the session cookie (HttpOnly, so no token ever sits in
// JavaScript); the server picks the language from Accept-Language and a kiosk session from
// X-Client-Platform. Operations are files in /web/operations/, shared with the server's tests.

import { CLIENT_VERSION, settings } from './state.js';

const documents = new Map();
let lastAnswer = 0;

/** When the server last answered a request (each one extends the session's idle time). */
export function lastRequestAt() {
  return lastAnswer;
}

export class ApiError extends Error {
  constructor(message, { code = null, errors = [] } = {}) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}

export function operationText(name) {
  if (!documents.has(name)) {
    documents.set(
      name,
      fetch(`/web/operations/${name}.graphql`).then((response) => {
        if (!response.ok) throw new ApiError(`unknown operation ${name}`);
        return response.text();
      }),
    );
  }
  return documents.get(name);
}

function clientHeaders() {
  const headers = { 'Accept-Language': settings.locale, 'X-App-Version': CLIENT_VERSION };
  if (settings.platform === 'KIOSK') headers['X-Client-Platform'] = 'KIOSK';
  return headers;
}

/** The GraphQL multipart request spec: `operations`, `map`, then one part per file. */
function multipartBody(query, variables, files) {
  const body = new FormData();
  body.append('operations', JSON.stringify({ query, variables }));
  body.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [file.path]]))));
  files.forEach((file, i) => body.append(String(i), file.file, file.file.name));
  return body;
}

/**
 * Run operations/<name>.graphql. `files`: [{path: 'variables.input.files.0', file}] for uploads.
 * Answers {data, errors}; throws ApiError when there is no data at all or the session is gone.
 */
export async function graphql(name, variables = {}, { files = [] } = {}) {
  const query = await operationText(name);
  const init = { method: 'POST', credentials: 'same-origin', headers: clientHeaders() };
  if (files.length) {
    init.body = multipartBody(query, variables, files);
    init.headers['GraphQL-Preflight'] = '1'; // the server's CSRF guard for multipart requests
  } else {
    init.body = JSON.stringify({ query, variables });
    init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch('/graphql', init);
  } catch (error) {
    throw new ApiError('network', { code: 'NETWORK' });
  }
  lastAnswer = Date.now();
  const body = await response.json().catch(() => ({}));
  const errors = body.errors ?? [];
  if (errors.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    window.dispatchEvent(new CustomEvent('bff:signed-out'));
    throw new ApiError('unauthenticated', { code: 'UNAUTHENTICATED', errors });
  }
  if (!response.ok || !body.data) {
    throw new ApiError(errors[0]?.message ?? `HTTP ${response.status}`, { errors });
  }
  return { data: body.data, errors };
}
