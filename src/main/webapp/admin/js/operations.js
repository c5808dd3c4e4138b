// Follows operations with GET /operations/{id} until they end, with a result per item: after the first answer,
// each call waits on the server (wait_ms) until the operation ends or WAIT_MS pass. State changes (not every
// answer) are announced through one polite live region.

import {api} from './api.js';
import {h, clear, plural} from './dom.js';

const FINAL = new Set(['succeeded', 'failed', 'partially_failed']);
const POLL_MS = 400;
const WAIT_MS = 5000;
const KEEP = 20;

export class Operations {
  constructor(list, live, empty) {
    this.list = list;
    this.live = live;
    this.empty = empty;
    this.timers = new Set();
    this.stopped = false;
  }

  /**
   * title: what was asked, e.g. "Disable segment #3"; label(item) names an item; action: enable|disable|...;
   * resolves with the final operation (or null if it could not be followed).
   */
  track(id, {title, label = item => item.segment_id || item.document_id, action}) {
    this.stopped = false;
    const entry = new Entry(id, title, label, action);
    this.list.prepend(entry.node);
    while (this.list.children.length > KEEP) {
      this.list.lastElementChild.remove();
    }
    this.empty.hidden = true;
    this.say(`${title}: queued.`);
    return new Promise(resolve => {
      let failures = 0;
      let lastState = null;
      const poll = async () => {
        if (this.stopped) {
          resolve(null);
          return;
        }
        let waited = false;
        try {
          const asked = Date.now();
          const op = (await api.operation(id, lastState === null ? 0 : WAIT_MS)).body;
          // A server that could not wait (too many waits open) answers at once: then ask again after a pause.
          waited = Date.now() - asked >= WAIT_MS / 2;
          failures = 0;
          entry.render(op);
          if (op.state !== lastState) {
            lastState = op.state;
            if (FINAL.has(op.state)) {
              this.say(`${title}: ${op.state.replace('_', ' ')}. ${summary(op)}`);
            } else if (op.state === 'running') {
              this.say(`${title}: running.`);
            }
          }
          if (FINAL.has(op.state)) {
            resolve(op);
            return;
          }
        } catch (e) {
          if (++failures >= 5) {
            entry.lost(e.message);
            this.say(`${title}: could not be followed (${e.message}).`);
            resolve(null);
            return;
          }
        }
        const t = setTimeout(() => {
          this.timers.delete(t);
          poll();
        }, waited ? 0 : POLL_MS);
        this.timers.add(t);
      };
      poll();
    });
  }

  say(text) {
    this.live.textContent = text;
  }

  stop() {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  reset() {
    this.stop();
    clear(this.list);
    this.empty.hidden = false;
    this.live.textContent = '';
  }
}

/** A reconcile or reindex says what it found (it has no items). */
function drift(op) {
  return op.missing == null ? null
    : `Found ${op.missing} missing and ${op.extra} extra; repaired ${plural(op.repaired || 0, 'segment')}.`;
}

function summary(op) {
  if (drift(op)) {
    return drift(op);
  }
  const c = op.counts || {};
  const parts = [];
  for (const s of ['succeeded', 'failed', 'skipped', 'queued']) {
    if (c[s]) {
      parts.push(`${c[s]} ${s}`);
    }
  }
  return parts.length ? parts.join(', ') + '.' : plural(op.total, 'item') + '.';
}

function finished(op) {
  const c = op.counts || {};
  return (c.succeeded || 0) + (c.failed || 0) + (c.skipped || 0);
}

/** What a failed item means for the data: the fallback's recovery, in the words of the README. */
function recovery(action) {
  switch (action) {
    case 'disable':
      return 'Recovered: the segment was enabled again.';
    case 'enable':
      return 'Recovered: the segment stays disabled with status error.';
    default:
      return 'Recovered by the fallback.';
  }
}

class Entry {
  constructor(id, title, label, action) {
    this.label = label;
    this.action = action;
    this.state = h('span', {class: 'state state-queued'}, 'queued');
    this.progress = h('progress', {max: 1, value: 0, 'aria-label': `${title} progress`});
    this.count = h('span', {class: 'muted'}, '');
    this.error = h('p', {class: 'op-error', hidden: true});
    this.items = h('tbody');
    this.table = h('table', {class: 'items'},
      h('thead', {}, h('tr', {},
        h('th', {scope: 'col'}, 'Item'), h('th', {scope: 'col'}, 'Result'),
        h('th', {scope: 'col'}, 'Tries'), h('th', {scope: 'col'}, 'Detail'))),
      this.items);
    this.node = h('li', {class: 'op', dataset: {operationId: id}},
      h('div', {class: 'op-head'}, h('strong', {}, title), ' ', this.state),
      h('div', {class: 'op-progress'}, this.progress, ' ', this.count),
      this.error,
      this.table);
  }

  render(op) {
    this.node.dataset.state = op.state;
    this.state.textContent = op.state.replace('_', ' ');
    this.state.className = `state state-${op.state}`;
    const total = op.total || (op.items || []).length || 1;
    this.progress.max = total;
    this.progress.value = finished(op);
    this.count.textContent = drift(op) || (op.scope === 'dataset' ? op.state.replace('_', ' ')
      : `${finished(op)} of ${total} done`);
    // A reconcile or reindex has no items: its counts say what it did.
    this.table.hidden = op.scope === 'dataset';
    if (op.scope === 'dataset') {
      this.progress.max = 1;
      this.progress.value = FINAL.has(op.state) ? 1 : 0;
    }
    const failed = (op.items || []).some(i => i.state === 'failed');
    if (op.error) {
      this.error.hidden = false;
      this.error.textContent = (failed ? recovery(this.action) + ' ' : '') + 'Error: ' + op.error;
    }
    clear(this.items);
    for (const item of op.items || []) {
      const detail = [];
      if (item.reason) {
        detail.push(item.reason.replace(/_/g, ' '));
      }
      if (item.state === 'failed') {
        detail.push(recovery(this.action));
      }
      if (item.error) {
        detail.push('Error: ' + item.error);
      }
      if (item.latency_ms !== null && item.latency_ms !== undefined && item.state !== 'queued') {
        detail.push(`${Math.round(item.latency_ms)} ms`);
      }
      this.items.append(h('tr', {class: `item item-${item.state}`},
        h('td', {}, this.label(item)),
        h('td', {}, h('span', {class: `state state-${item.state}`}, item.state)),
        h('td', {}, String(item.attempts ?? '')),
        h('td', {class: 'detail'}, detail.join(' · '))));
    }
  }

  lost(message) {
    this.state.textContent = 'unknown';
    this.error.hidden = false;
    this.error.textContent = 'Could not follow this operation: ' + message;
  }
}
