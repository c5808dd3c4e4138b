// The admin page: datasets -> documents -> segments, switches and batch toggles, operations, hit testing.
// It talks only to the public API under /api/v1 with the bearer token the user gives it.

import {api, ApiError, claims, storedToken, storeToken} from './api.js';
import {$, h, clear, show, shortId, plural, available, usable} from './dom.js';
import {Operations} from './operations.js';
import {DatasetForm, DatasetHealth, DocumentForm} from './manage.js';

const PAGE_SIZE = 25;
const INDEX_STATE_CONCURRENCY = 4;

const state = {
  dataset: null,
  datasetsPage: 1,
  document: null,
  documentsPage: 1,
  documents: new Map(),
  filter: {},
  page: 1,
  rows: new Map(),
  selected: new Set(),
  generation: 0,
  batchBusy: false,
  canEdit: false,
  isAdmin: false,
  documentBusy: false,
};

const ops = new Operations($('operations'), $('progress'), $('operations-empty'));
const INDEXING_POLL_MS = 400;

// ---- messages

function notify(text, kind = 'info') {
  const box = $('message');
  box.textContent = text;
  box.className = `message message-${kind}`;
  box.hidden = !text;
}

function describe(error, what) {
  return error instanceof ApiError ? `${what}: ${error.message} (${error.status} ${error.code})`
    : `${what}: ${error.message || error}`;
}

function fail(error, what) {
  notify(describe(error, what), 'error');
  if (error instanceof ApiError && error.status === 401) {
    logout('The token is no longer accepted; log in again.');
  }
}

// ---- log in / out

async function login(token) {
  token = token.trim().replace(/^Bearer\s+/i, '');
  if (!token) {
    return;
  }
  try {
    const first = await api.datasetsWith(token);
    storeToken(token);
    const c = claims(token) || {};
    // Readers may browse and search; the switches are for editors and admins (the server decides either way).
    state.canEdit = [].concat(c.groups || []).some(g => g === 'editor' || g === 'admin');
    state.isAdmin = [].concat(c.groups || []).includes('admin');
    show($('dataset-new'), state.canEdit);
    $('whoami-text').textContent = `${c.sub || 'unknown user'} · ${[].concat(c.groups || []).join(', ') || 'no roles'}`
      + ` · tenant ${c.tenant_id || 'none'}${state.canEdit ? '' : ' · read-only'}`;
    $('token').value = '';
    show($('login'), false);
    show($('intro'), false);
    show($('whoami'), true);
    show($('workspace'), true);
    notify('');
    renderDatasets(first.body, false);
    $('datasets').querySelector('button')?.focus();
  } catch (e) {
    storeToken(null);
    notify(describe(e, 'Log in failed'), 'error');
    offerDevToken();
  }
}

function logout(reason = '') {
  storeToken(null);
  ops.reset();
  health.hide();
  show($('document-new'), false);
  state.dataset = null;
  state.document = null;
  clearSegments('');
  clear($('datasets'));
  clear($('documents'));
  show($('document-actions'), false);
  clear($('hit-results'));
  $('hit-status').textContent = '';
  available($('hit-run'), false);
  show($('workspace'), false);
  show($('whoami'), false);
  show($('login'), true);
  show($('intro'), true);
  notify(reason, reason ? 'error' : 'info');
  $('token').focus();
}

async function offerDevToken() {
  // Only the development server mints tokens; elsewhere the endpoint is not there and the button stays hidden.
  try {
    const r = await api.devToken();
    const offered = Boolean(r.body && r.body.access_token);
    show($('dev-token'), offered);
    show($('intro-dev'), offered);
  } catch (e) {
    show($('dev-token'), false);
  }
}

// ---- datasets and documents

async function loadDatasets(append = false) {
  try {
    const page = append ? state.datasetsPage + 1 : 1;
    renderDatasets((await api.datasets(page)).body, append);
  } catch (e) {
    fail(e, 'Loading datasets failed');
  }
}

function renderDatasets(page, append) {
  state.datasetsPage = page.page;
  const list = $('datasets');
  if (!append) {
    clear(list);
  }
  for (const ds of page.data) {
    list.append(h('li', {},
      h('button', {type: 'button', class: 'pick', dataset: {datasetId: ds.id},
          'aria-current': state.dataset && state.dataset.id === ds.id ? 'true' : null,
          onclick: () => selectDataset(ds)},
        h('span', {class: 'pick-name'}, ds.name), h('span', {class: 'badge'}, ds.indexing_technique))));
  }
  if (!list.children.length) {
    list.append(h('li', {class: 'muted'}, 'No datasets in this tenant.'));
  }
  show($('datasets-more'), page.has_more);
}

function markCurrent(list, attr, id) {
  for (const b of list.querySelectorAll('button.pick')) {
    if (b.dataset[attr] === id) {
      b.setAttribute('aria-current', 'true');
    } else {
      b.removeAttribute('aria-current');
    }
  }
}

async function selectDataset(ds) {
  state.dataset = ds;
  state.document = null;
  markCurrent($('datasets'), 'datasetId', ds.id);
  clearSegments('Pick a document.');
  show($('document-actions'), false);
  clear($('hit-results'));
  $('hit-status').textContent = `Searches ${ds.name}.`;
  available($('hit-run'), true);
  $('documents-refresh').disabled = false;
  show($('document-new'), state.canEdit);
  setSearchMethods(ds);
  health.load();
  await loadDocuments(false);
}

async function datasetCreated(ds) {
  notify(`Dataset ${ds.name} created.`);
  await loadDatasets(false);
  await selectDataset(ds);
  $('datasets').querySelector(`button[data-dataset-id="${ds.id}"]`)?.focus();
}

/** A new document is indexed in the background: it is shown at once and followed until indexing ends. */
async function documentAdded(doc) {
  const ds = state.dataset;
  notify(`Document ${doc.name} recorded; indexing…`);
  await loadDocuments(false);
  await selectDocument(doc);
  while (state.dataset === ds && ['waiting', 'indexing'].includes(doc.indexing_status)) {
    await new Promise(resolve => setTimeout(resolve, INDEXING_POLL_MS));
    try {
      doc = (await api.document(ds.id, doc.id)).body;
    } catch (e) {
      fail(e, 'Following the indexing failed');
      return;
    }
  }
  if (state.dataset !== ds) {
    return;
  }
  replaceDocument(doc);
  const done = doc.indexing_status === 'completed';
  notify(done ? `Document ${doc.name} indexed (${plural(doc.word_count, 'word')}).`
    : `Document ${doc.name}: indexing ${doc.indexing_status}${doc.error ? ' (' + doc.error + ')' : ''}.`,
  done ? 'info' : 'error');
  if (state.document && state.document.id === doc.id) {
    await loadSegments();
  }
}

new DatasetForm(datasetCreated);
new DocumentForm(() => state.dataset, documentAdded);
const health = new DatasetHealth({ops, dataset: () => state.dataset,
  roles: () => ({canEdit: state.canEdit, isAdmin: state.isAdmin}), notify,
  changed: async () => {
    if (state.document) {
      await refreshRows([...state.rows.keys()]);
    }
  }});

async function loadDocuments(append) {
  const ds = state.dataset;
  if (!ds) {
    return;
  }
  try {
    const page = (await api.documents(ds.id, append ? state.documentsPage + 1 : 1)).body;
    state.documentsPage = page.page;
    const list = $('documents');
    if (!append) {
      clear(list);
      state.documents.clear();
    }
    for (const doc of page.data) {
      state.documents.set(doc.id, doc);
      list.append(h('li', {}, documentButton(doc)));
    }
    if (!list.children.length) {
      list.append(h('li', {class: 'muted'}, 'No documents in this dataset.'));
    }
    show($('documents-more'), page.has_more);
    if (state.document) {
      markCurrent(list, 'documentId', state.document.id);
    }
  } catch (e) {
    fail(e, 'Loading documents failed');
  }
}

function documentBadges(doc) {
  const badges = [h('span', {class: `badge status-${doc.indexing_status}`}, doc.indexing_status)];
  if (!doc.enabled) {
    badges.push(h('span', {class: 'badge off'}, 'disabled'));
  }
  if (doc.archived) {
    badges.push(h('span', {class: 'badge off'}, 'archived'));
  }
  return badges;
}

function documentButton(doc) {
  return h('button', {type: 'button', class: 'pick', dataset: {documentId: doc.id},
      'aria-current': state.document && state.document.id === doc.id ? 'true' : null,
      onclick: () => selectDocument(doc)},
    h('span', {class: 'pick-name'}, doc.name), ...documentBadges(doc));
}

function replaceDocument(doc) {
  state.documents.set(doc.id, doc);
  const old = $('documents').querySelector(`button[data-document-id="${doc.id}"]`);
  if (old) {
    const focused = document.activeElement === old;
    const fresh = documentButton(doc);
    old.replaceWith(fresh);
    if (focused) {
      fresh.focus();
    }
  }
  if (state.document && state.document.id === doc.id) {
    state.document = doc;
    updateDocumentActions();
  }
}

async function selectDocument(doc) {
  state.document = doc;
  markCurrent($('documents'), 'documentId', doc.id);
  updateDocumentActions();
  state.page = 1;
  await loadSegments();
}

function updateDocumentActions() {
  const doc = state.document;
  show($('document-actions'), Boolean(doc));
  if (!doc) {
    return;
  }
  $('document-actions').setAttribute('aria-label', `Status of document ${doc.name}`);
  const allowed = {enable: !doc.enabled, disable: doc.enabled, archive: !doc.archived, un_archive: doc.archived};
  for (const b of $('document-actions').querySelectorAll('button')) {
    available(b, state.canEdit && !state.documentBusy && allowed[b.dataset.documentAction]);
  }
}

async function documentAction(action) {
  const ds = state.dataset;
  const doc = state.document;
  state.documentBusy = true;
  updateDocumentActions();
  try {
    const r = await api.documentStatus(ds.id, action, [doc.id]);
    const result = (r.body.results || [])[0];
    if (r.status === 202) {
      notify('');
      await ops.track(r.body.operation_id, {title: `${label(action)} document ${doc.name}`, action,
        label: item => item.document_id === doc.id ? doc.name : shortId(item.document_id)});
    } else {
      notify(`Document ${doc.name}: ${result ? result.result.replace(/_/g, ' ') : 'unchanged'}.`);
    }
  } catch (e) {
    fail(e, `${label(action)} document failed`);
  }
  try {
    replaceDocument((await api.document(ds.id, doc.id)).body);
  } catch (e) {
    fail(e, 'Reloading the document failed');
  }
  state.documentBusy = false;
  updateDocumentActions();
  if (state.document && state.document.id === doc.id) {
    await refreshRows([...state.rows.keys()]);
  }
}

function label(action) {
  return {enable: 'Enable', disable: 'Disable', archive: 'Archive', un_archive: 'Un-archive'}[action] || action;
}

// ---- segments

function clearSegments(caption) {
  state.generation++;
  state.rows.clear();
  state.selected.clear();
  clear($('segment-rows'));
  $('segments-caption').textContent = caption;
  show($('segments-empty'), false);
  $('page-info').textContent = '';
  available($('page-prev'), false);
  available($('page-next'), false);
  updateSelection();
}

function readFilter() {
  return {
    enabled: $('filter-enabled').value,
    status: $('filter-status').value,
    keyword: $('filter-keyword').value.trim(),
  };
}

async function loadSegments() {
  const ds = state.dataset;
  const doc = state.document;
  if (!ds || !doc) {
    return;
  }
  const generation = ++state.generation;
  $('segment-table').setAttribute('aria-busy', 'true');
  try {
    const page = (await api.segments(ds.id, doc.id, state.filter, state.page, PAGE_SIZE)).body;
    if (generation !== state.generation) {
      return;
    }
    state.rows.clear();
    state.selected.clear();
    const body = clear($('segment-rows'));
    for (const seg of page.data) {
      const row = segmentRow(seg);
      state.rows.set(seg.id, row);
      body.append(row.tr);
    }
    const filtered = Object.values(state.filter).some(v => v);
    $('segments-caption').textContent = `${plural(page.total, 'segment')} in ${doc.name}${filtered ? ' (filtered)' : ''}`;
    show($('segments-empty'), page.data.length === 0);
    const pages = Math.max(1, Math.ceil(page.total / page.limit));
    $('page-info').textContent = `Page ${page.page} of ${pages}`;
    available($('page-prev'), page.page > 1);
    available($('page-next'), page.has_more);
    updateSelection();
    loadIndexStates(page.data.map(s => s.id), generation);
  } catch (e) {
    fail(e, 'Loading segments failed');
  } finally {
    $('segment-table').removeAttribute('aria-busy');
  }
}

function segmentRow(seg) {
  const name = `segment ${seg.position}`;
  const select = h('input', {type: 'checkbox', class: 'select', 'aria-label': `Select ${name}`,
    onchange: () => {
      if (select.checked) {
        state.selected.add(seg.id);
      } else {
        state.selected.delete(seg.id);
      }
      updateSelection();
    }});
  const switchId = `switch-${seg.id}`;
  const toggle = h('input', {type: 'checkbox', role: 'switch', id: switchId, class: 'switch-input',
    onchange: () => {
      if (!usable(toggle)) {
        toggle.checked = !toggle.checked;
        return;
      }
      toggleOne(seg.id, toggle.checked);
    }});
  const switchText = h('span', {class: 'switch-text', 'aria-hidden': 'true'});
  const content = h('td', {class: 'content'});
  const status = h('td', {});
  const index = h('td', {class: 'index'}, h('span', {class: 'muted'}, '…'));
  const tr = h('tr', {dataset: {segmentId: seg.id}},
    h('td', {}, select),
    h('td', {class: 'num'}, String(seg.position)),
    content, status, index,
    h('td', {}, h('label', {class: 'switch', for: switchId},
      toggle,
      h('span', {class: 'sr-only'}, `${name[0].toUpperCase()}${name.slice(1)} enabled`), switchText)));
  const row = {seg, tr, select, toggle, switchText, content, status, index, busy: false};
  fillRow(row, seg);
  return row;
}

function fillRow(row, seg) {
  row.seg = seg;
  row.toggle.checked = seg.enabled;
  row.switchText.textContent = seg.enabled ? 'on' : 'off';
  row.tr.classList.toggle('disabled', !seg.enabled);
  const text = seg.content.length > 220 ? seg.content.slice(0, 220) + '…' : seg.content;
  const parts = [h('span', {class: 'text', title: seg.content}, text)];
  if (seg.answer) {
    parts.push(h('span', {class: 'answer'}, 'A: ' + seg.answer));
  }
  if (seg.keywords && seg.keywords.length) {
    parts.push(h('span', {class: 'keywords'}, seg.keywords.join(', ')));
  }
  if (seg.error) {
    parts.push(h('span', {class: 'row-error'}, 'Error: ' + seg.error));
  }
  if (!seg.enabled && seg.disabled_by) {
    parts.push(h('span', {class: 'muted small'}, `disabled by ${seg.disabled_by}`));
  }
  row.content.replaceChildren(...parts);
  row.status.replaceChildren(h('span', {class: `badge status-${seg.status}`}, seg.status));
  // Segments still being indexed cannot be toggled (the server answers 409); neither can one in flight.
  available(row.toggle, state.canEdit && !row.busy && seg.status !== 'waiting' && seg.status !== 'indexing');
}

function setBusy(row, busy) {
  row.busy = busy;
  row.tr.classList.toggle('busy', busy);
  if (busy) {
    row.tr.setAttribute('aria-busy', 'true');
  } else {
    row.tr.removeAttribute('aria-busy');
  }
  fillRow(row, row.seg);
}

function showIndexState(row, s) {
  const text = s.in_index ? 'yes' : 'no';
  const drift = s.in_index !== s.should_be_in_index;
  row.index.replaceChildren(h('span', {class: drift ? 'drift' : (s.in_index ? 'yes' : 'no'),
      title: `in index: ${s.in_index}; should be: ${s.should_be_in_index}`},
    drift ? `${text} (should be ${s.should_be_in_index ? 'yes' : 'no'})` : text));
}

async function loadIndexStates(ids, generation = state.generation) {
  const queue = [...ids];
  const worker = async () => {
    while (queue.length && generation === state.generation) {
      const id = queue.shift();
      const row = state.rows.get(id);
      if (!row) {
        continue;
      }
      try {
        showIndexState(row, (await api.indexState(state.dataset.id, id)).body);
      } catch (e) {
        row.index.replaceChildren(h('span', {class: 'muted', title: e.message}, '?'));
      }
    }
  };
  await Promise.all(Array.from({length: INDEX_STATE_CONCURRENCY}, worker));
}

async function refreshRows(ids) {
  const ds = state.dataset;
  const doc = state.document;
  await Promise.all(ids.map(async id => {
    const row = state.rows.get(id);
    if (!row) {
      return;
    }
    try {
      fillRow(row, (await api.segment(ds.id, doc.id, id)).body);
    } catch (e) {
      fail(e, 'Reloading a segment failed');
    }
  }));
  await loadIndexStates(ids);
}

function rowLabel(item) {
  const row = state.rows.get(item.segment_id);
  return row ? `#${row.seg.position}` : shortId(item.segment_id);
}

async function toggleOne(id, on) {
  const row = state.rows.get(id);
  const action = on ? 'enable' : 'disable';
  const title = `${label(action)} segment #${row.seg.position}`;
  setBusy(row, true);
  row.switchText.textContent = on ? 'on' : 'off';
  try {
    const r = await api.toggle(state.dataset.id, id, action);
    if (r.status === 202) {
      notify('');
      await ops.track(r.body.operation_id, {title, action, label: rowLabel});
    } else {
      notify(`Segment #${row.seg.position} was already ${action}d.`);
    }
  } catch (e) {
    fail(e, `${title} failed`);
  }
  setBusy(row, false);
  await refreshRows([id]);
}

async function toggleSelected(action) {
  const ids = [...state.selected];
  if (!ids.length) {
    return;
  }
  const rows = ids.map(id => state.rows.get(id)).filter(Boolean);
  rows.forEach(r => setBusy(r, true));
  state.batchBusy = true;
  updateSelection();
  const title = `${label(action)} ${plural(ids.length, 'segment')}`;
  try {
    const r = await api.toggleBatch(state.dataset.id, state.document.id, action, ids);
    const skipped = (r.body.results || []).filter(x => x.result !== 'queued');
    notify(skipped.length ? `${title}: ` + skipped.map(x => `${rowLabel(x)} ${x.result.replace(/_/g, ' ')}`)
      .join(', ') + '.' : '');
    if (r.status === 202) {
      await ops.track(r.body.operation_id, {title, action, label: rowLabel});
    }
  } catch (e) {
    fail(e, `${title} failed`);
  }
  rows.forEach(r => {
    setBusy(r, false);
    r.select.checked = false;
  });
  state.selected.clear();
  state.batchBusy = false;
  updateSelection();
  await refreshRows(ids);
}

function updateSelection() {
  const n = state.selected.size;
  $('selection-count').textContent = `${n} selected`;
  available($('batch-enable'), state.canEdit && n > 0 && !state.batchBusy);
  available($('batch-disable'), state.canEdit && n > 0 && !state.batchBusy);
  const all = $('select-all');
  all.checked = n > 0 && n === state.rows.size;
  all.indeterminate = n > 0 && n < state.rows.size;
  all.disabled = state.rows.size === 0;
}

function selectAll(on) {
  for (const [id, row] of state.rows) {
    row.select.checked = on;
    if (on) {
      state.selected.add(id);
    } else {
      state.selected.delete(id);
    }
  }
  updateSelection();
}

// ---- hit testing

/** Economy datasets have no vectors: only the keyword-based methods apply to them. */
function setSearchMethods(ds) {
  const keywordsOnly = ds.indexing_technique === 'economy';
  const form = $('hit-testing');
  for (const radio of form.querySelectorAll('input[name=method]')) {
    radio.disabled = keywordsOnly && (radio.value === 'semantic_search' || radio.value === 'hybrid_search');
  }
  if (form.querySelector('input[name=method]:checked').disabled) {
    form.querySelector('input[value=full_text_search]').checked = true;
  }
  $('hit-methods-note').hidden = !keywordsOnly;
}

async function hitTest(event) {
  event.preventDefault();
  const ds = state.dataset;
  const form = $('hit-testing');
  const query = form.elements.query.value.trim();
  if (!ds || !query || !usable($('hit-run'))) {
    return;
  }
  const method = form.elements.method.value;
  const topK = Number(form.elements.top_k.value) || 5;
  const list = clear($('hit-results'));
  $('hit-status').textContent = 'Searching…';
  available($('hit-run'), false);
  const started = performance.now();
  try {
    const records = (await api.hitTest(ds.id, query, method, topK)).body.records;
    const ms = Math.round(performance.now() - started);
    $('hit-status').textContent = `${plural(records.length, 'record')} for “${query}” (${method.replace(/_/g, ' ')},`
      + ` ${ms} ms).`;
    for (const r of records) {
      const s = r.segment;
      list.append(h('li', {class: 'hit', dataset: {segmentId: s.id}},
        h('div', {class: 'hit-head'},
          h('span', {class: 'score'}, r.score.toFixed(3)), ' ',
          h('span', {class: 'muted'}, `${r.document.name} · #${s.position}`)),
        h('p', {class: 'hit-text'}, s.content),
        s.answer ? h('p', {class: 'answer'}, 'A: ' + s.answer) : null,
        (s.child_chunks || []).length ? h('ul', {class: 'children'},
          s.child_chunks.map(c => h('li', {}, `${c.score == null ? '' : c.score.toFixed(3) + ' '}${c.content}`))) : null));
    }
  } catch (e) {
    $('hit-status').textContent = '';
    fail(e, 'Hit testing failed');
  } finally {
    available($('hit-run'), true);
  }
}

// ---- wiring

function wire() {
  $('login').addEventListener('submit', e => {
    e.preventDefault();
    login($('token').value);
  });
  $('dev-token').addEventListener('click', async () => {
    try {
      await login((await api.devToken()).body.access_token);
    } catch (e) {
      fail(e, 'No development token');
    }
  });
  $('logout').addEventListener('click', () => logout());
  $('datasets-refresh').addEventListener('click', () => loadDatasets(false));
  $('datasets-more').addEventListener('click', () => loadDatasets(true));
  $('documents-refresh').addEventListener('click', () => loadDocuments(false));
  $('documents-more').addEventListener('click', () => loadDocuments(true));
  for (const b of $('document-actions').querySelectorAll('button')) {
    b.addEventListener('click', () => usable(b) && documentAction(b.dataset.documentAction));
  }
  $('filters').addEventListener('submit', e => {
    e.preventDefault();
    state.filter = readFilter();
    state.page = 1;
    loadSegments();
  });
  $('select-all').addEventListener('change', e => selectAll(e.target.checked));
  $('batch-enable').addEventListener('click', e => usable(e.currentTarget) && toggleSelected('enable'));
  $('batch-disable').addEventListener('click', e => usable(e.currentTarget) && toggleSelected('disable'));
  $('page-prev').addEventListener('click', e => {
    if (usable(e.currentTarget)) {
      state.page = Math.max(1, state.page - 1);
      loadSegments();
    }
  });
  $('page-next').addEventListener('click', e => {
    if (usable(e.currentTarget)) {
      state.page += 1;
      loadSegments();
    }
  });
  $('hit-testing').addEventListener('submit', hitTest);
  available($('hit-run'), false);
  updateSelection();
}

wire();
const saved = storedToken();
if (saved) {
  login(saved);
} else {
  offerDevToken();
}
