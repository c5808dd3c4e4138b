// Building and looking after a dataset: a new dataset, a document from pasted text (with the server's split
// preview), and the dataset's health: backlog, drift found by the last reconcile, failed operations to retry.

import {api, ApiError} from './api.js';
import {$, h, clear, show, available, usable, plural, shortId} from './dom.js';

const FAILED_SHOWN = 10;

function problem(error) {
  return error instanceof ApiError ? `${error.message} (${error.status} ${error.code})` : String(error.message || error);
}

function formError(id, error) {
  const p = $(id);
  p.textContent = error ? problem(error) : '';
  show(p, Boolean(error));
}

/** Opens a dialog, with Cancel and Escape closing it and focus going back to the button that opened it. */
function openDialog(dialog, opener) {
  for (const b of dialog.querySelectorAll('.dialog-cancel')) {
    b.onclick = () => dialog.close();
  }
  dialog.onclose = () => opener && opener.focus();
  dialog.showModal();
  dialog.querySelector('input, select, textarea')?.focus();
}

export class DatasetForm {
  /** onCreated(dataset) runs after the server created it. */
  constructor(onCreated) {
    this.onCreated = onCreated;
    $('dataset-new').addEventListener('click', e => this.open(e.currentTarget));
    $('dataset-form').addEventListener('submit', e => {
      e.preventDefault();
      this.create();
    });
  }

  open(opener) {
    $('dataset-form').reset();
    formError('dataset-form-error', null);
    openDialog($('dataset-dialog'), opener);
  }

  async create() {
    const f = $('dataset-form').elements;
    const button = $('dataset-create');
    if (!usable(button)) {
      return;
    }
    available(button, false);
    try {
      const created = (await api.createDataset({name: f.name.value, indexing_technique: f.indexing_technique.value,
        keyword_number: Number(f.keyword_number.value)})).body;
      $('dataset-dialog').close();
      await this.onCreated(created);
    } catch (e) {
      formError('dataset-form-error', e);
    } finally {
      available(button, true);
    }
  }
}

export class DocumentForm {
  /** dataset() is the dataset documents go to; onAdded(document) runs once the server recorded it. */
  constructor(dataset, onAdded) {
    this.dataset = dataset;
    this.onAdded = onAdded;
    this.segments = null;
    $('document-new').addEventListener('click', e => this.open(e.currentTarget));
    $('document-preview').addEventListener('click', () => this.preview());
    // Any change to the text or the rules makes the preview stale: what is added is what was last shown.
    for (const name of ['doc_form', 'text', 'separator', 'max_chars']) {
      $('document-form').elements[name].addEventListener('input', () => this.stale());
    }
    $('document-form').addEventListener('submit', e => {
      e.preventDefault();
      this.add();
    });
  }

  open(opener) {
    $('document-form').reset();
    this.stale();
    formError('document-form-error', null);
    $('document-dialog-heading').textContent = `Add a document to ${this.dataset().name}`;
    openDialog($('document-dialog'), opener);
  }

  stale() {
    this.segments = null;
    clear($('split-preview'));
    $('split-summary').textContent = '';
    available($('document-add'), false);
  }

  async preview() {
    const f = $('document-form').elements;
    formError('document-form-error', null);
    try {
      const reply = (await api.splitPreview(this.dataset().id, {text: f.text.value, doc_form: f.doc_form.value,
        separator: f.separator.value, max_chars: Number(f.max_chars.value)})).body;
      this.segments = reply.segments;
      this.form = reply.doc_form;
      const list = clear($('split-preview'));
      reply.segments.forEach(s => list.append(h('li', {class: 'split-segment'},
        h('span', {class: 'muted small'}, `${s.content.length} chars`), ' ',
        h('span', {class: 'text'}, s.content),
        s.answer ? h('span', {class: 'answer'}, 'A: ' + s.answer) : null,
        (s.child_chunks || []).length ? h('ul', {class: 'children'}, s.child_chunks.map(c => h('li', {}, c))) : null)));
      $('split-summary').textContent = `${plural(reply.total, 'segment')} as ${reply.doc_form}.`;
      available($('document-add'), true);
    } catch (e) {
      this.stale();
      formError('document-form-error', e);
    }
  }

  async add() {
    if (!this.segments || !usable($('document-add'))) {
      formError('document-form-error', new Error('Preview the split first: the segments shown are what is added.'));
      return;
    }
    available($('document-add'), false);
    try {
      const doc = (await api.addDocument(this.dataset().id, {name: $('document-form').elements.name.value,
        doc_form: this.form, segments: this.segments.map(s => ({content: s.content, answer: s.answer || undefined,
          child_chunks: s.child_chunks || undefined}))})).body;
      $('document-dialog').close();
      await this.onAdded(doc);
    } catch (e) {
      formError('document-form-error', e);
      available($('document-add'), true);
    }
  }
}

/** The side pane's health of the dataset in view, and its reconcile, reindex and retry buttons. */
export class DatasetHealth {
  /**
   * ops follows operations; dataset() is the dataset in view; roles() says {canEdit, isAdmin}; notify(text, kind)
   * reports; changed() runs after work that may have changed segments.
   */
  constructor({ops, dataset, roles, notify, changed}) {
    Object.assign(this, {ops, dataset, roles, notify, changed});
    this.generation = 0;
    $('health-refresh').addEventListener('click', () => this.load());
    $('reconcile-run').addEventListener('click', e => usable(e.currentTarget) && this.run(false));
    $('reindex-run').addEventListener('click', e => usable(e.currentTarget) && this.run(true));
  }

  hide() {
    this.generation++;
    show($('health'), false);
  }

  async load() {
    const ds = this.dataset();
    if (!ds) {
      return;
    }
    const generation = ++this.generation;
    show($('health'), true);
    show($('index-actions'), this.roles().isAdmin);
    try {
      const [backlog, failed, reconciles] = await Promise.all([
        api.operations(ds.id, {state: ['queued', 'running'], limit: 1}),
        api.operations(ds.id, {state: ['failed', 'partially_failed'], limit: FAILED_SHOWN}),
        api.operations(ds.id, {scope: 'dataset', state: 'succeeded', limit: 1}),
      ]);
      if (generation !== this.generation) {
        return;
      }
      $('health-backlog').textContent = backlog.body.total === 0 ? 'None: the index is up to date.'
        : `${plural(backlog.body.total, 'operation')} queued or running.`;
      this.showDrift(reconciles.body.data[0]);
      this.showFailed(failed.body);
    } catch (e) {
      this.notify(`Loading the dataset's health failed: ${problem(e)}`, 'error');
    }
  }

  showDrift(last) {
    const dd = $('health-drift');
    if (!last) {
      dd.textContent = 'Not checked yet: run a reconcile.';
      return;
    }
    const when = new Date(last.finished_at).toLocaleString();
    const found = (last.missing || 0) + (last.extra || 0);
    dd.className = found ? 'drift' : '';
    dd.textContent = found
      ? `The ${last.action} of ${when} found ${last.missing} missing and ${last.extra} extra; repaired`
        + ` ${plural(last.repaired || 0, 'segment')}.`
      : `None: the ${last.action} of ${when} found the index and the database in agreement.`;
  }

  showFailed(page) {
    const list = clear($('health-failed'));
    for (const op of page.data) {
      const title = describeOperation(op);
      // A retry that succeeded settles the failure; one still running or failed leaves the button to follow it.
      const settled = op.retry_state === 'succeeded';
      const retry = settled ? null : h('button', {type: 'button', class: 'small', dataset: {operationId: op.id},
        'aria-label': `Retry ${title}`, onclick: () => usable(retry) && this.retry(op, title, retry)}, 'Retry');
      if (retry) {
        available(retry, this.roles().canEdit);
      }
      list.append(h('li', {class: 'failed-op', dataset: {operationId: op.id}},
        h('div', {}, h('strong', {}, title), ' ', h('span', {class: `state state-${op.state}`},
          op.state.replace('_', ' '))),
        h('div', {class: 'muted small'}, `${new Date(op.created_at).toLocaleString()} · `
          + `${op.counts.failed || 0} of ${plural(op.total, 'item')} failed`),
        op.error ? h('div', {class: 'op-error'}, op.error) : null,
        op.retried_by ? h('div', {class: `small state state-${op.retry_state}`},
          `Retried: ${op.retry_state.replace('_', ' ')}`) : null,
        retry));
    }
    if (!page.data.length) {
      list.append(h('li', {class: 'muted'}, 'None.'));
    } else if (page.total > page.data.length) {
      list.append(h('li', {class: 'muted'}, `and ${page.total - page.data.length} more.`));
    }
  }

  async retry(op, title, button) {
    available(button, false);
    try {
      const r = await api.retry(op.id);
      if (r.status === 202) {
        this.notify('');
        const done = this.ops.track(r.body.operation_id, {title: `Retry of ${title}`, action: op.action});
        this.load();
        await done;
      } else {
        this.notify(`Nothing to retry: ${r.body.results.map(i => `${shortId(i.id)} ${i.result.replace(/_/g, ' ')}`)
          .join(', ')}.`);
      }
    } catch (e) {
      this.notify(`Retry failed: ${problem(e)}`, 'error');
    }
    await this.changed();
    await this.load();
  }

  async run(reindex) {
    const ds = this.dataset();
    const buttons = [$('reconcile-run'), $('reindex-run')];
    buttons.forEach(b => available(b, false));
    try {
      const r = await api.reconcile(ds.id, reindex);
      const done = this.ops.track(r.body.operation_id, {title: `${reindex ? 'Reindex' : 'Reconcile'} ${ds.name}`,
        action: reindex ? 'reindex' : 'reconcile'});
      this.load();
      await done;
    } catch (e) {
      this.notify(`${reindex ? 'Reindex' : 'Reconcile'} failed: ${problem(e)}`, 'error');
    } finally {
      buttons.forEach(b => available(b, true));
    }
    await this.changed();
    await this.load();
  }
}

function describeOperation(op) {
  const what = {segment: 'segment', batch: 'segments', document: 'documents', dataset: 'dataset'}[op.scope] || op.scope;
  const verb = op.action.replace(/_/g, ' ');
  return op.scope === 'dataset' ? `${verb[0].toUpperCase()}${verb.slice(1)}`
    : `${verb[0].toUpperCase()}${verb.slice(1)} ${op.total > 1 ? op.total + ' ' : ''}${what}`;
}
