// The action buttons and form of the dashboard's issue detail.
import { t } from './i18n.js';
import { enc } from './api.js';
import { el, show, fillSelect } from './dom.js';
import { departments, departmentName } from './catalogue.js';
import { isOpen } from './issueview.js';

const $ = (id) => document.getElementById(id);
const has = (...statuses) => (i) => statuses.includes(i.status);
const level = (l) => (i) => isOpen(i) && i.routing && i.routing.level === l;

// Which actions make sense in which state; the API has the last word and
// its message is shown when it says no.
const ACTIONS = [
  { name: 'start', when: has('routed', 'waiting_for_resident'), message: false },
  { name: 'answer', when: isOpen, message: true },
  { name: 'request-info', when: has('routed', 'in_progress'), message: true },
  { name: 'resolve', when: has('routed', 'in_progress', 'waiting_for_resident'), message: true },
  { name: 'note', when: () => true, message: true },
  { name: 'transfer', when: has('routed', 'in_progress', 'waiting_for_resident'), message: false, department: true },
  { name: 'escalate', when: level('ward'), message: true },
  { name: 'return', when: level('city'), message: true },
  { name: 'reject', when: isOpen, message: false, reason: true },
];

let ctx = null;
let current = null; // the action whose form is open

function available() {
  const iss = ctx.st.current;
  const user = ctx.st.user || {};
  if (!iss || user.role === 'monitor') return [];
  return ACTIONS.filter((a) => a.when(iss));
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
  $('action-message').required = a.message;
  labelForm();
  form.hidden = false;
  (a.department ? $('action-department') : a.reason ? $('action-reason') : $('action-message')).focus();
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
  show($('action-error'), '');
  ctx.notice('');
  $('action-submit').disabled = true;
  try {
    await ctx.call('/issues/' + enc(iss.code) + '/' + a.name, { method: 'POST', body, ifMatch: ctx.st.etag });
    closeForm();
    await ctx.openIssue(iss.code, { focus: false, quiet: true });
    ctx.notice(t('dash.saved', { action: t('act.' + a.name) }));
    ctx.loadList(false);
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
  $('action-form').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeForm({ refocus: true });
  });
  document.addEventListener('langchange', () => {
    if (current && current.department && ctx.st.current) {
      fillSelect($('action-department'), transferTargets(ctx.st.current), t('who.choose'));
    }
  });
}
