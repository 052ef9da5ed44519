// The officials' desk: colleagues to assign to, bulk assignment, saved
// views, canned replies, live updates (polling) and collision warnings.
import { t } from './i18n.js';
import { enc } from './api.js';
import { show, fillSelect } from './dom.js';

const $ = (id) => document.getElementById(id);
const VIEWS_KEY = 'civicdesk.views';
// POLL_MS is how often the dashboard looks for changes. Tests trigger a
// round at once with the "civicdesk:poll" event instead of waiting.
const POLL_MS = 20000;

let ctx = null;
let people = [];
let canned = [];
let timer = null;

export const colleagues = () => people;

/** assigneeName names an official by id (a dash when unassigned). */
export function assigneeName(id) {
  if (!id) return '';
  const p = people.find((c) => c.id === id);
  return p ? p.name : id === (ctx && ctx.st.user && ctx.st.user.id) ? ctx.st.user.name : t('bulk.someone');
}

export const cannedReplies = () => canned;

function dept() {
  const u = ctx.st.user || {};
  return u.department || '';
}

/** loadDesk reads the department's officials and canned replies. */
export async function loadDesk() {
  people = [];
  canned = [];
  if (!dept()) {
    $('canned-manager').hidden = true;
    fillBulk();
    renderSavedViews();
    return;
  }
  try {
    const [{ data: o }, { data: c }] = await Promise.all([
      ctx.call('/departments/' + enc(dept()) + '/officials'),
      ctx.call('/departments/' + enc(dept()) + '/canned-replies'),
    ]);
    people = (o && o.officials) || [];
    canned = (c && c.replies) || [];
  } catch {
    // Without them the dashboard still works: no names, no canned replies.
  }
  $('canned-manager').hidden = false;
  $('canned-text').value = canned.map((r) => r.title + ' | ' + r.text).join('\n');
  fillBulk();
  renderSavedViews();
}

function fillBulk() {
  fillSelect($('bulk-assignee'), people.map((p) => [p.id, p.name]), t('who.choose'));
}

// ---- bulk assignment

async function bulkAssign() {
  const to = $('bulk-assignee').value;
  const codes = [...ctx.st.selected];
  show($('list-error'), '');
  if (!to || !codes.length) {
    show($('list-error'), t('bulk.choose'));
    return;
  }
  $('bulk-assign').disabled = true;
  const failed = [];
  for (const code of codes) {
    try {
      await ctx.call('/issues/' + enc(code) + '/assign', { method: 'POST', body: { assignee_id: to } });
    } catch (e) {
      failed.push(code + ': ' + e.message);
    }
  }
  $('bulk-assign').disabled = false;
  ctx.st.selected.clear();
  await ctx.loadList(false);
  const name = assigneeName(to);
  show($('live'), t('bulk.done', { n: codes.length - failed.length, name }));
  if (failed.length) show($('list-error'), failed.join('\n'));
}

// ---- saved views (the filter form's values, kept in this browser)

function savedViews() {
  try {
    return JSON.parse(localStorage.getItem(VIEWS_KEY) || '[]');
  } catch {
    return [];
  }
}

function saveView() {
  const name = $('view-name').value.trim();
  if (!name) {
    $('view-name').focus();
    return;
  }
  const f = $('dash-filters');
  const v = { name, status: f.status.value, category: f.category.value, ward: f.ward.value, q: f.q.value.trim(), overdue: f.overdue.checked };
  const list = savedViews().filter((x) => x.name !== name);
  list.push(v);
  try {
    localStorage.setItem(VIEWS_KEY, JSON.stringify(list));
  } catch {
    // Storage disabled: nothing to keep.
  }
  $('view-name').value = '';
  renderSavedViews();
}

function applyView(v) {
  const f = $('dash-filters');
  f.status.value = v.status;
  f.category.value = v.category;
  f.ward.value = v.ward;
  f.q.value = v.q;
  f.overdue.checked = !!v.overdue;
  ctx.setView('custom');
}

function renderSavedViews() {
  const box = $('saved-views');
  box.replaceChildren();
  for (const v of savedViews()) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'saved-view';
    b.dataset.saved = v.name;
    b.textContent = v.name;
    b.addEventListener('click', () => applyView(v));
    box.append(b);
  }
}

// ---- canned replies

async function saveCanned() {
  show($('canned-error'), '');
  show($('canned-notice'), '');
  const replies = $('canned-text')
    .value.split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf('|');
      return i < 0 ? { title: l, text: '' } : { title: l.slice(0, i).trim(), text: l.slice(i + 1).trim() };
    });
  try {
    const { data } = await ctx.call('/departments/' + enc(dept()) + '/canned-replies', { method: 'PUT', body: { replies } });
    canned = (data && data.replies) || [];
    show($('canned-notice'), t('canned.saved', { n: canned.length }));
    document.dispatchEvent(new CustomEvent('cannedchange'));
  } catch (e) {
    const fields = Object.entries(e.fields || {}).map(([k, v]) => k + ': ' + v);
    show($('canned-error'), [e.message, ...fields].join('\n'));
  }
}

// ---- live updates and collisions

/** watchCurrent says the user has the current issue open and warns when others do too. */
export async function watchCurrent() {
  const iss = ctx.st.current;
  if (!iss || !ctx.st.token) {
    show($('collision'), '');
    return;
  }
  // "Changed by someone else" stays until the user opens another issue:
  // this answer may come back after the poll that found the change.
  const changed = ctx.st.changedElsewhere === iss.code ? [t('live.changed')] : [];
  try {
    const { data } = await ctx.call('/issues/' + enc(iss.code) + '/viewing', { method: 'POST' });
    const others = ((data && data.others) || []).map((o) => o.name);
    show($('collision'), changed.concat(others.length ? [t('live.others', { names: others.join(', ') })] : []).join(' '));
  } catch {
    show($('collision'), changed.join(' '));
  }
}

async function poll() {
  if (!ctx.st.token) return;
  const before = new Map(ctx.st.open.map((i) => [i.code, i.version]));
  await ctx.loadList(false);
  const changed = ctx.st.open.filter((i) => before.has(i.code) && before.get(i.code) < i.version).length;
  const added = ctx.st.open.filter((i) => !before.has(i.code)).length;
  if (added || changed) show($('live'), t('live.updated', { added, changed }));
  const cur = ctx.st.current;
  if (cur) {
    // The issue itself, read by its code, says whether it changed.
    let fresh = null;
    try {
      fresh = (await ctx.call('/issues/' + enc(cur.code))).data;
    } catch {
      fresh = null;
    }
    if (fresh && ctx.st.current && fresh.version > ctx.st.current.version) {
      // Someone else changed the issue: reload it, keeping any form.
      ctx.st.changedElsewhere = cur.code;
      await ctx.openIssue(cur.code, { focus: false, keepMessages: true });
      show($('collision'), t('live.changed'));
      return;
    }
  }
  await watchCurrent();
}

/** startPolling looks for changes every POLL_MS while signed in. */
export function startPolling() {
  if (timer) clearInterval(timer);
  timer = setInterval(() => poll().catch(() => {}), POLL_MS);
}

/** initDesk wires the desk; c gives access to the dashboard. */
export function initDesk(c) {
  ctx = c;
  $('bulk-assign').addEventListener('click', bulkAssign);
  $('view-save').addEventListener('click', saveView);
  $('canned-save').addEventListener('click', saveCanned);
  document.addEventListener('civicdesk:poll', () => {
    poll()
      .catch(() => {})
      .finally(() => {
        document.body.dataset.polled = String(Number(document.body.dataset.polled || 0) + 1);
      });
  });
  document.addEventListener('langchange', fillBulk);
}
