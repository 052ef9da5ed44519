// Monitors' flags on an issue: monitors raise them, the handling
// department answers; open ones are counted in the header.
import { t } from './i18n.js';
import { enc } from './api.js';
import { el, show, timeEl } from './dom.js';

const $ = (id) => document.getElementById(id);
let ctx = null;
let flags = [];

/** loadFlagCount shows how many flags wait for an answer. */
export async function loadFlagCount() {
  const u = ctx.st.user || {};
  try {
    const { data } = await ctx.call('/flags');
    const n = (data && data.count) || 0;
    $('flag-count').textContent = t(u.role === 'monitor' ? 'flags.countMonitor' : 'flags.count', { n });
    $('flag-count').hidden = n === 0;
  } catch {
    $('flag-count').hidden = true;
  }
}

/** loadFlags reads the current issue's flags and draws them. */
export async function loadFlags() {
  const iss = ctx.st.current;
  flags = [];
  if (!iss) {
    render();
    return;
  }
  try {
    const { data } = await ctx.call('/issues/' + enc(iss.code) + '/flags');
    flags = (data && data.flags) || [];
  } catch {
    flags = [];
  }
  render();
}

function canAnswer() {
  const iss = ctx.st.current;
  // Those who may resolve the issue answer its flags.
  return !!iss && (iss.allowed_actions || []).includes('note') && (ctx.st.user || {}).role !== 'monitor';
}

function render() {
  const iss = ctx.st.current;
  const monitor = (ctx.st.user || {}).role === 'monitor';
  $('flags').hidden = !iss || (!monitor && flags.length === 0);
  $('flag-form').hidden = !monitor;
  $('flag-list').replaceChildren(
    ...flags.map((f) =>
      el(
        'li',
        { class: 'flag' + (f.answered_at ? ' answered' : ' open'), 'data-flag': f.id },
        el('div', {}, el('strong', {}, f.by_name), ' · ', timeEl(f.at)),
        el('p', { class: 'prewrap' }, f.comment),
        f.answered_at
          ? el('p', { class: 'answer prewrap' }, el('strong', {}, t('flags.answer') + ' (' + f.answered_by + '): '), f.answer)
          : canAnswer()
            ? answerForm(f)
            : el('p', { class: 'muted small' }, t('flags.waiting')),
      ),
    ),
  );
}

function answerForm(f) {
  const id = 'flag-answer-' + f.id;
  const ta = el('textarea', { id, rows: 2, maxlength: 2000, required: true });
  const err = el('div', { class: 'error', role: 'alert', hidden: true });
  return el(
    'form',
    {
      class: 'stack flag-answer',
      onsubmit: async (e) => {
        e.preventDefault();
        show(err, '');
        try {
          await ctx.call('/issues/' + enc(ctx.st.current.code) + '/flags/' + f.id + '/answer', { method: 'POST', body: { answer: ta.value.trim() } });
          show($('flag-notice'), t('flags.answered'));
          await Promise.all([loadFlags(), loadFlagCount()]);
        } catch (ex) {
          show(err, ex.message);
        }
      },
    },
    el('label', { for: id }, t('flags.answerLabel')),
    ta,
    err,
    el('button', { type: 'submit', class: 'primary' }, t('flags.answerSubmit')),
  );
}

async function submitFlag(ev) {
  ev.preventDefault();
  const iss = ctx.st.current;
  show($('flag-error'), '');
  show($('flag-notice'), '');
  try {
    await ctx.call('/issues/' + enc(iss.code) + '/flags', { method: 'POST', body: { comment: $('flag-comment').value.trim() } });
    $('flag-comment').value = '';
    show($('flag-notice'), t('flags.sent'));
    await Promise.all([loadFlags(), loadFlagCount()]);
  } catch (e) {
    show($('flag-error'), e.message);
  }
}

/** initFlags wires the flags; c gives access to the dashboard. */
export function initFlags(c) {
  ctx = c;
  $('flag-form').addEventListener('submit', submitFlag);
  document.addEventListener('langchange', () => {
    render();
    if (ctx.st.token) loadFlagCount();
  });
}
