// The public REST API with the caller's bearer token. Every failure becomes an ApiError carrying the
// service's {code, message, status} body, so the page can show the server's own words.

const BASE = new URL('../api/v1/', document.baseURI);
const TOKEN_KEY = 'segment-index.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code || 'http_' + status;
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token) {
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** Calls path (relative to /api/v1/) and returns {status, body}; throws ApiError on anything but 2xx. */
export async function call(method, path, {body, query, token = storedToken(), auth = true} = {}) {
  const url = new URL(path, BASE);
  for (const [name, value] of Object.entries(query || {})) {
    for (const v of [].concat(value)) {
      if (v !== undefined && v !== null && v !== '') {
        url.searchParams.append(name, String(v));
      }
    }
  }
  const headers = {Accept: 'application/json'};
  if (auth && token) {
    headers.Authorization = 'Bearer ' + token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const fallback = response.status === 401 ? 'The token was refused (missing, expired or not trusted).'
      : `HTTP ${response.status}`;
    throw new ApiError(response.status, json && json.code, (json && json.message) || fallback);
  }
  return {status: response.status, body: json};
}

/** The token's claims, for display only: the server is what verifies it. */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')), c => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return null;
  }
}

const enc = encodeURIComponent;

export const api = {
  devToken: () => call('POST', 'dev/token', {auth: false, query: {groups: 'admin'}}),
  datasetsWith: token => call('GET', 'datasets', {query: {page: 1, limit: 50}, token}),
  datasets: (page = 1) => call('GET', 'datasets', {query: {page, limit: 50}}),
  documents: (ds, page = 1) => call('GET', `datasets/${enc(ds)}/documents`, {query: {page, limit: 50}}),
  document: (ds, doc) => call('GET', `datasets/${enc(ds)}/documents/${enc(doc)}`),
  documentStatus: (ds, action, ids) =>
    call('PATCH', `datasets/${enc(ds)}/documents/status/${enc(action)}`, {query: {document_id: ids}}),
  segments: (ds, doc, filter, page, limit) =>
    call('GET', `datasets/${enc(ds)}/documents/${enc(doc)}/segments`, {query: {...filter, page, limit}}),
  segment: (ds, doc, seg) => call('GET', `datasets/${enc(ds)}/documents/${enc(doc)}/segments/${enc(seg)}`),
  toggle: (ds, seg, action) => call('PATCH', `datasets/${enc(ds)}/segments/${enc(seg)}/${enc(action)}`),
  toggleBatch: (ds, doc, action, ids) =>
    call('PATCH', `datasets/${enc(ds)}/documents/${enc(doc)}/segment/${enc(action)}`, {query: {segment_id: ids}}),
  indexState: (ds, seg) => call('GET', `datasets/${enc(ds)}/segments/${enc(seg)}/index`),
  operation: (id, waitMs = 0) => call('GET', `operations/${enc(id)}`, {query: waitMs ? {wait_ms: waitMs} : {}}),
  createDataset: body => call('POST', 'datasets', {body}),
  splitPreview: (ds, body) => call('POST', `datasets/${enc(ds)}/documents/split-preview`, {body}),
  addDocument: (ds, body) => call('POST', `datasets/${enc(ds)}/documents`, {body}),
  operations: (ds, query) => call('GET', `datasets/${enc(ds)}/operations`, {query}),
  retry: id => call('POST', `operations/${enc(id)}/retry`),
  reconcile: (ds, reindex) => call('POST', `datasets/${enc(ds)}/${reindex ? 'reindex' : 'reconcile'}`),
  hitTest: (ds, query, method, topK) => call('POST', `datasets/${enc(ds)}/hit-testing`,
    {body: {query, retrieval_model: {search_method: method, top_k: topK}}}),
};
