// The action buttons and form of the dashboard's issue detail.
import { t } from './i18n.js';
import { enc } from './api.js';
import { el, show, fillSelect } from './dom.js';
import { departments, departmentName } from './catalogue.js';
import { cannedReplies } from './desk.js';

const $ = (id) => document.getElementById(id);

// The actions the dashboard has forms for, in the order of their buttons.
// Which of them show is the server's decision: the issue's
// allowed_actions (service names, request_info for request-info).
const ACTIONS = [
  { name: 'take', api: 'assign', message: false, take: true },
  { name: 'assign', message: false, assignee: true },
  { name: 'start', message: false },
  { name: 'answer', message: true, canned: true, photos: true },
  { name: 'request-info', message: true, canned: true },
  { name: 'record-reply', message: true },
  { name: 'resolve', message: true, canned: true, photos: true },
  { name: 'note', message: true },
  { name: 'transfer', message: true, department: true },
  { name: 'escalate', message: true },
  { name: 'return', message: true },
  { name: 'close', message: false },
  { name: 'reopen', message: true },
  { name: 'edit', message: false, text: true },
  { name: 'duplicate', message: false, duplicate: true },
  { name: 'reject', message: false, reason: true },
];

// MOVES send the issue to another department.
const MOVES = new Set(['transfer', 'escalate', 'return']);

let ctx = null;
let current = null; // the action whose form is open

function available() {
  const iss = ctx.st.current;
  if (!iss) return [];
  const allowed = new Set((iss.allowed_actions || []).map((n) => n.replace(/_/g, '-')));
  const me = ctx.st.user || {};
  // "Take" is assigning to oneself: for officials of the department, when
  // the issue is not theirs yet.
  const canTake = me.role === 'official' && me.department === (iss.routing || {}).department && iss.assignee_id !== me.id;
  return ACTIONS.filter((a) => allowed.has(a.api || a.name) && (!a.take || canTake));
}

/** renderActions draws the buttons for the current issue. */
export function renderActions() {
  const list = available();
  $('actions').hidden = list.length === 0;
  if (current && !list.some((a) => a.name === current.name)) closeForm();
  $('action-buttons').replaceChildren(
    ...list.map((a) =>
      el(
        'button',
        {
          type: 'button',
          class: 'action' + (a.name === 'reject' ? ' danger' : ''),
          'data-action': a.name,
          'aria-controls': 'action-form',
          'aria-expanded': current && current.name === a.name ? 'true' : 'false',
          onclick: () => openForm(a),
        },
        t('act.' + a.name),
      ),
    ),
  );
  if (current) labelForm();
}

function transferTargets(iss) {
  const all = departments();
  const handling = all.filter((d) => (d.categories || []).includes(iss.category));
  return (handling.length ? handling : all)
    .filter((d) => d.code !== iss.routing.department)
    .map((d) => [d.code, departmentName(d.code) + ' (' + t('level.' + d.level) + ')']);
}

function labelForm() {
  const a = current;
  const set = (id, key) => {
    $(id).dataset.i18n = key;
    $(id).textContent = t(key);
  };
  set('action-title', 'act.' + a.name);
  set('action-help', 'help.' + a.name);
  set('action-message-label', a.message ? 'form.message' : 'form.messageOptional');
  for (const b of $('action-buttons').children) b.setAttribute('aria-expanded', String(b.dataset.action === a.name));
}

function openForm(a) {
  current = a;
  const iss = ctx.st.current;
  const form = $('action-form');
  form.reset();
  show($('action-error'), '');
  $('action-department-field').hidden = !a.department;
  $('action-department').required = !!a.department;
  if (a.department) fillSelect($('action-department'), transferTargets(iss), t('who.choose'));
  $('action-reason-field').hidden = !a.reason;
  $('action-assignee-field').hidden = !a.assignee;
  $('action-assignee').required = !!a.assignee;
  if (a.assignee) fillSelect($('action-assignee'), ctx.colleagues().map((p) => [p.id, p.name]), t('who.choose'));
  $('action-duplicate-field').hidden = !a.duplicate;
  $('action-duplicate').required = !!a.duplicate;
  $('action-photos-field').hidden = !a.photos;
  const replies = cannedReplies();
  $('action-canned-field').hidden = !a.canned || replies.length === 0;
  if (a.canned) fillSelect($('action-canned'), replies.map((r, i) => [String(i), r.title]), t('canned.choose'));
  $('action-title-field').hidden = !a.text;
  $('action-description-field').hidden = !a.text;
  if (a.text) {
    $('action-new-title').value = iss.title || '';
    $('action-new-description').value = iss.description || '';
  }
  $('action-message').required = a.message;
  labelForm();
  form.hidden = false;
  const first = a.department ? 'action-department' : a.reason ? 'action-reason' : a.text ? 'action-new-title' : a.assignee ? 'action-assignee' : a.duplicate ? 'action-duplicate' : 'action-message';
  $(first).focus();
}

function closeForm({ refocus = false } = {}) {
  const name = current && current.name;
  current = null;
  $('action-form').hidden = true;
  for (const b of $('action-buttons').children) {
    b.setAttribute('aria-expanded', 'false');
    if (refocus && b.dataset.action === name) b.focus();
  }
}

async function submit(ev) {
  ev.preventDefault();
  const a = current;
  const iss = ctx.st.current;
  if (!a || !iss) return;
  const body = {};
  const message = $('action-message').value.trim();
  if (message) body.message = message;
  if (a.department) body.department = $('action-department').value;
  if (a.reason) body.reason = $('action-reason').value;
  if (a.text) {
    body.title = $('action-new-title').value.trim();
    body.description = $('action-new-description').value.trim();
  }
  if (a.assignee) body.assignee_id = $('action-assignee').value;
  if (a.take) body.assignee_id = (ctx.st.user || {}).id;
  if (a.duplicate) body.duplicate_of = $('action-duplicate').value.trim().toUpperCase();
  const files = a.photos ? [...$('action-photos').files] : [];
  let payload = body;
  if (files.length) {
    // Photos ("after" pictures) go as multipart, the fields as form values.
    payload = new FormData();
    for (const [k, v] of Object.entries(body)) payload.append(k, v);
    for (const f of files) payload.append('photos', f);
  }
  show($('action-error'), '');
  ctx.notice('');
  $('action-submit').disabled = true;
  try {
    const { data } = await ctx.call('/issues/' + enc(iss.code) + '/' + (a.api || a.name), { method: 'POST', body: payload, ifMatch: ctx.st.etag });
    closeForm();
    await ctx.openIssue(iss.code, { focus: false, quiet: true });
    await ctx.loadList(false);
    // Say where a moved issue went: it may have left the list. The notice
    // comes last, once the page has settled, so it stays in view.
    const dept = data && data.routing && data.routing.department;
    if (MOVES.has(a.name) && dept) ctx.notice(t('dash.moved', { code: iss.code, dept: departmentName(dept) }));
    else ctx.notice(t('dash.saved', { action: t('act.' + a.name) }));
  } catch (e) {
    if (e.status === 409 || e.status === 412) {
      // Someone else changed the issue (or it moved on): show the
      // server's words, reload, and keep what the user typed.
      show($('detail-error'), e.message + ' ' + t('dash.conflict'));
      await ctx.openIssue(iss.code, { focus: false, keepMessages: true });
      ctx.loadList(false);
    } else if (e.status !== 401) {
      show($('action-error'), e.message);
    }
  } finally {
    $('action-submit').disabled = false;
  }
}

/** initActions wires the form; c gives access to the dashboard. */
export function initActions(c) {
  ctx = c;
  $('action-form').addEventListener('submit', submit);
  $('action-cancel').addEventListener('click', () => closeForm({ refocus: true }));
  $('action-canned').addEventListener('change', () => {
    const r = cannedReplies()[Number($('action-canned').value)];
    if (r && $('action-canned').value !== '') $('action-message').value = r.text;
  });
  $('action-form').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeForm({ refocus: true });
  });
  document.addEventListener('langchange', () => {
    if (current && current.department && ctx.st.current) {
      fillSelect($('action-department'), transferTargets(ctx.st.current), t('who.choose'));
    }
  });
}
