// The officials' dashboard: sign in, the issues in one's scope, act on them.
import { t, initI18n } from './i18n.js';
import { api, query, enc } from './api.js';
import { el, show, fillSelect } from './dom.js';
import { loadCatalogue, categories, wards, options, departmentName } from './catalogue.js';
import { STATUSES, issueDetail, issueRow, isOverdue } from './issueview.js';
import { initActions, renderActions } from './actions.js';
import { initDesk, loadDesk, assigneeName, startPolling, watchCurrent, colleagues } from './desk.js';
import { makeMap, showPins } from './map.js';
import { initFlags, loadFlags, loadFlagCount } from './flags.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'civicdesk.token';

/** st is the dashboard's state; the token also lives in sessionStorage. */
const st = { token: null, user: null, issues: [], cursor: '', current: null, etag: null, view: 'all', open: [], selected: new Set(), changedElsewhere: '' };

function storeToken(v) {
  try {
    if (v) sessionStorage.setItem(TOKEN_KEY, v);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the session lasts for this page only.
  }
}

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** call is api with the bearer token; a 401 sends the user to sign in. */
async function call(path, opts = {}) {
  try {
    return await api(path, { ...opts, token: st.token });
  } catch (e) {
    if (e.status === 401 && st.token) signedOut(e.message, false);
    throw e;
  }
}

/**
 * notice tells the user something went well, next to the form they used
 * (below the detail), and brings it into view.
 */
function notice(msg) {
  const n = $('notice');
  show(n, msg);
  if (msg) {
    // At once, not smoothly: the user just acted and looks for the outcome.
    n.scrollIntoView({ block: 'nearest', behavior: 'instant' });
    n.focus({ preventScroll: true });
  }
}

// ---- signing in and out

function showLogin({ error = '', info = '' } = {}) {
  $('booting').hidden = true;
  $('app').hidden = true;
  $('user-box').hidden = true;
  $('login').hidden = false;
  show($('login-error'), error);
  show($('login-notice'), info);
  $('login-username').focus();
}

function signedOut(message, info) {
  st.token = null;
  st.user = null;
  st.issues = [];
  st.current = null;
  storeToken(null);
  // Leave nothing of the previous user's issues (contacts) in the page.
  $('issue-list').replaceChildren();
  renderDetail();
  showLogin(info ? { info: message } : { error: message });
}

async function login(ev) {
  ev.preventDefault();
  const f = ev.target;
  const btn = $('login-submit');
  btn.disabled = true;
  show($('login-error'), '');
  show($('login-notice'), '');
  try {
    const { data } = await api('/auth/login', {
      method: 'POST',
      body: { username: f.username.value.trim(), password: f.password.value },
    });
    st.token = data.token;
    st.user = data.user;
    storeToken(data.token);
    f.password.value = '';
    await enterApp();
  } catch (e) {
    show($('login-error'), e.message);
    f.password.select();
  } finally {
    btn.disabled = false;
  }
}

async function signOut() {
  const token = st.token;
  // Revoke the token if the server offers it; signing out locally is what counts.
  api('/auth/logout', { method: 'POST', token }).catch(() => {});
  history.replaceState(null, '', location.pathname);
  signedOut(t('login.signedOut'), true);
}

function renderUser() {
  const u = st.user || {};
  const parts = [u.name || u.username, u.role ? t('role.' + u.role) : ''];
  if (u.department) parts.push(departmentName(u.department));
  $('whoami').textContent = parts.filter(Boolean).join(' · ');
  $('admin-link').hidden = u.role !== 'admin';
}

async function enterApp() {
  $('booting').hidden = true;
  $('login').hidden = true;
  $('app').hidden = false;
  $('user-box').hidden = false;
  await loadCatalogue(st.token);
  renderUser();
  fillSelects();
  await loadDesk();
  loadFlagCount();
  await loadList(false);
  startPolling();
  const code = codeFromHash();
  if (code) await openIssue(code, { focus: false });
  else renderDetail();
}

// ---- the list

// OPEN is every status that still needs work: the default view, and the
// one the server answers from its small list of open issues.
const OPEN = 'new,routed,in_progress,waiting_for_resident';

function fillSelects() {
  const status = $('d-status');
  const first = status.options.length === 0;
  fillSelect(status, [[OPEN, t('filter.open')], ...STATUSES.map((s) => [s, t('status.' + s)])], t('filter.all'));
  if (first) status.value = OPEN;
  fillSelect($('d-category'), options(categories()), t('filter.all'));
  fillSelect($('d-ward'), options(wards()), t('filter.all'));
}

// VIEWS are the saved views every official has: each filters the open
// issues in the caller's scope, read once, so the counts cost one list.
const VIEWS = {
  mine: (i) => !!st.user && i.assignee_id === st.user.id,
  unassigned: (i) => !i.assignee_id,
  overdue: isOverdue,
  waiting: (i) => i.status === 'waiting_for_resident',
  all: () => true,
};

/** loadOpen reads every open issue in scope (up to 500), nearest deadline first. */
async function loadOpen() {
  let cursor = '';
  const all = [];
  for (let page = 0; page < 5; page++) {
    const { data } = await call('/issues' + query({ status: OPEN, sort: 'deadline', order: 'asc', limit: 100, cursor }));
    all.push(...((data && data.issues) || []));
    cursor = (data && data.next_cursor) || '';
    if (!cursor) break;
  }
  st.open = all;
}

/** setView shows a saved view ("custom" is the filter form's). */
export function setView(name) {
  st.view = name;
  for (const b of document.querySelectorAll('#views [data-view]')) b.setAttribute('aria-pressed', String(b.dataset.view === name));
  return loadList(false);
}

function renderCounts() {
  for (const [name, f] of Object.entries(VIEWS)) {
    const n = st.open.filter(f).length;
    const c = document.querySelector('#views [data-count="' + name + '"]');
    if (c) c.textContent = '(' + n + ')';
  }
}

/** loadList reads the caller's issues; the API applies their scope. */
async function loadList(more) {
  if (VIEWS[st.view]) {
    show($('list-error'), '');
    try {
      await loadOpen();
    } catch (e) {
      if (e.status === 401) return;
      show($('list-error'), e.message);
    }
    // The user may have switched to the filter form meanwhile: its own load shows.
    if (!VIEWS[st.view]) return;
    st.issues = st.open.filter(VIEWS[st.view]);
    st.cursor = '';
    renderCounts();
    renderList();
    return;
  }
  // The saved views' counts stay current under the filter form too.
  loadOpen()
    .then(renderCounts)
    .catch(() => {});
  const f = $('dash-filters');
  show($('list-error'), '');
  const params = {
    status: f.status.value,
    category: f.category.value,
    ward: f.ward.value,
    q: f.q.value.trim(),
    overdue: f.overdue.checked ? 'true' : '',
    sort: 'deadline',
    order: 'asc',
    limit: 50,
    cursor: more ? st.cursor : '',
  };
  try {
    const { data } = await call('/issues' + query(params));
    const page = (data && data.issues) || [];
    st.issues = more ? st.issues.concat(page) : page;
    st.cursor = (data && data.next_cursor) || '';
  } catch (e) {
    if (e.status === 401) return;
    show($('list-error'), e.message);
  }
  renderList();
}

function renderList() {
  const cur = st.current && st.current.code;
  const canAssign = st.user && st.user.role !== 'monitor';
  for (const code of [...st.selected]) if (!st.issues.some((i) => i.code === code)) st.selected.delete(code);
  $('issue-list').replaceChildren(
    ...st.issues.map((i) =>
      issueRow(i, '#' + enc(i.code), {
        current: i.code === cur,
        assignee: assigneeName(i.assignee_id),
        selectable: canAssign,
        selected: st.selected.has(i.code),
        onSelect: (on) => {
          if (on) st.selected.add(i.code);
          else st.selected.delete(i.code);
          $('bulk').hidden = st.selected.size === 0;
        },
      }),
    ),
  );
  $('bulk').hidden = st.selected.size === 0;
  $('list-count').textContent = st.issues.length ? t('list.count', { n: st.issues.length }) : t('list.empty');
  $('list-more').hidden = !st.cursor;
}

// ---- one issue

function codeFromHash() {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return '';
  }
}

/**
 * openIssue loads an issue with its timeline and the version to act on.
 * After an action the issue may have left the user's scope (a transfer):
 * with quiet, a 403 or 404 just closes the detail and is returned.
 */
let openSeq = 0;

async function openIssue(code, { focus = true, keepMessages = false, quiet = false } = {}) {
  if (!keepMessages) {
    show($('detail-error'), '');
    notice('');
  }
  if (st.changedElsewhere && st.changedElsewhere !== code) st.changedElsewhere = '';
  let err = null;
  const seq = ++openSeq;
  try {
    const { data, etag } = await call('/issues/' + enc(code));
    // Answers can come back out of order (a poll, a link, an action):
    // only the latest request draws, and never an older version of the
    // issue already shown.
    if (seq !== openSeq) return null;
    if (st.current && st.current.code === data.code && data.version < st.current.version) return null;
    st.current = data;
    st.etag = etag || '"' + data.version + '"';
  } catch (e) {
    if (seq !== openSeq) return null;
    err = e;
    st.current = null;
    if (e.status === 401) return err;
    if (quiet && (e.status === 403 || e.status === 404)) history.replaceState(null, '', location.pathname);
    else show($('detail-error'), e.message);
  }
  renderDetail();
  renderList();
  watchCurrent();
  await loadFlags();
  if (focus && st.current) $('issue-title').focus();
  return err;
}

function renderDetail() {
  const iss = st.current;
  if (!iss) {
    $('detail').replaceChildren(el('p', { class: 'muted' }, t('dash.select')));
  } else {
    const d = issueDetail(iss, { staff: true, heading: 'h2', headingId: 'issue-title', assignee: assigneeName(iss.assignee_id) });
    d.querySelector('.issue-title').setAttribute('tabindex', '-1');
    d.querySelector('.code').append(' · ', el('a', { href: '/issues/' + enc(iss.code) }, t('issue.open')));
    $('detail').replaceChildren(d);
  }
  renderDetailMap();
  renderActions();
}

let detailMap = null;

function renderDetailMap() {
  const loc = st.current && st.current.location;
  const box = $('detail-map');
  if (!loc || loc.lat == null || loc.lon == null) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  if (!detailMap) detailMap = makeMap(box, { zoom: 16, center: [loc.lat, loc.lon] });
  if (detailMap) {
    detailMap.map.invalidateSize();
    showPins(detailMap, [st.current]);
  }
}

// ---- start

async function main() {
  initI18n();
  $('login-form').addEventListener('submit', login);
  $('signout').addEventListener('click', signOut);
  $('dash-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    setView('custom');
  });
  for (const b of document.querySelectorAll('#views [data-view]')) b.addEventListener('click', () => setView(b.dataset.view));
  $('list-more').addEventListener('click', () => loadList(true));
  window.addEventListener('hashchange', () => {
    if (!st.token) return;
    const code = codeFromHash();
    if (code) openIssue(code);
  });
  document.addEventListener('langchange', () => {
    if (!st.token) return;
    renderUser();
    fillSelects();
    renderList();
    renderDetail();
  });
  initActions({ st, call, openIssue, loadList, notice, colleagues });
  initDesk({ st, call, openIssue, loadList, notice, setView, renderList });
  initFlags({ st, call });

  st.token = storedToken();
  if (!st.token) {
    showLogin();
  } else {
    try {
      const { data } = await call('/auth/me');
      st.user = (data && data.user) || data;
      await enterApp();
    } catch (e) {
      if (e.status !== 401) showLogin({ error: e.message });
    }
  }
  document.body.dataset.ready = 'true';
}

main();
