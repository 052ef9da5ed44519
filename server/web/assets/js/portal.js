// The public transparency portal: figures, "who handles this?" and issues.
import { t, pick, initI18n } from './i18n.js';
import { api, query, enc } from './api.js';
import { el, show, fillSelect, fmtNumber, fmtRate, fmtHours, fmtDateTime, fmtDay, parseDay } from './dom.js';
import { loadCatalogue, categories, wards, options, department, departmentName } from './catalogue.js';
import { STATUSES, issueItem, statusBadge } from './issueview.js';
import { initSite } from './site.js';
import { makeMap, showPins } from './map.js';

const $ = (id) => document.getElementById(id);
const state = { levels: [], depts: [], period: null, who: null, issues: [], cursor: '', map: null };

// The figures come as {from, to, group_by, figures}; a bare array is accepted too.
function figuresOf(data) {
  if (Array.isArray(data)) return data;
  return (data && data.figures) || [];
}

const day = fmtDay;

function fillSelects() {
  fillSelect($('f-status'), STATUSES.map((s) => [s, t('status.' + s)]), t('filter.all'));
  fillSelect($('f-category'), options(categories()), t('filter.all'));
  fillSelect($('f-ward'), options(wards()), t('filter.all'));
  fillSelect($('who-category'), options(categories()), t('who.choose'));
  fillSelect($('who-ward'), options(wards()), t('who.choose'));
}

// ---- figures

async function loadStats() {
  // The date fields are text in dd/mm/yyyy, as every date on the page is
  // written (a date input follows the browser's locale instead).
  const period = { from: parseDay($('stats-from').value), to: parseDay($('stats-to').value) };
  show($('stats-error'), '');
  for (const k of ['from', 'to']) {
    $('stats-' + k).setAttribute('aria-invalid', period[k] === null ? 'true' : 'false');
  }
  if (period.from === null || period.to === null) {
    show($('stats-error'), t('date.invalid'));
    return;
  }
  try {
    const [byLevel, byDept] = await Promise.all([
      api('/public/stats' + query({ group_by: 'level', ...period })),
      api('/public/stats' + query({ group_by: 'department,level', ...period })),
    ]);
    state.levels = figuresOf(byLevel.data);
    state.depts = figuresOf(byDept.data);
    const d = byLevel.data || {};
    state.period = d.from && d.to ? { from: d.from, to: d.to } : null;
    if (state.period) {
      $('stats-from').value = fmtDay(d.from);
      $('stats-to').value = fmtDay(d.to);
    }
  } catch (e) {
    state.levels = [];
    state.depts = [];
    state.period = null;
    show($('stats-error'), e.message);
  }
  renderStats();
}

const LEVEL_ORDER = { ward: 0, city: 1 };

function levelOf(f) {
  const g = f.group || {};
  if (g.level) return g.level;
  const d = department(g.department);
  return (d && d.level) || '';
}

function figureRows(f) {
  return [
    ['fig.received', fmtNumber(f.received)],
    ['fig.resolved', fmtNumber(f.resolved)],
    ['fig.onTimeRate', fmtRate(f.on_time_rate, f.resolved > 0)],
    ['fig.openNow', fmtNumber(f.open_now)],
    ['fig.overdueNow', fmtNumber(f.overdue_now)],
    ['fig.overdueRate', fmtRate(f.overdue_rate, f.resolved + f.open_now > 0)],
    ['fig.medianResponse', fmtHours(f.median_response_hours)],
    ['fig.medianResolution', fmtHours(f.median_resolution_hours)],
  ];
}

function renderStats() {
  const p = state.period;
  $('stats-period').textContent = p ? t('stats.period', { from: day(p.from), to: day(p.to) }) : '';
  const levels = [...state.levels].sort((a, b) => (LEVEL_ORDER[levelOf(a)] ?? 9) - (LEVEL_ORDER[levelOf(b)] ?? 9));
  $('level-cards').replaceChildren(
    ...(levels.length
      ? levels.map((f) =>
          el(
            'div',
            { class: 'figure-card', 'data-level': levelOf(f) },
            el('h4', {}, levelOf(f) ? t('level.' + levelOf(f)) : t('fig.total')),
            el('dl', { class: 'figures' }, figureRows(f).map(([k, v]) => el('div', {}, el('dt', {}, t(k)), el('dd', {}, v)))),
          ),
        )
      : [el('p', { class: 'muted' }, t('stats.empty'))]),
  );
  const depts = [...state.depts].sort(
    (a, b) =>
      (LEVEL_ORDER[levelOf(a)] ?? 9) - (LEVEL_ORDER[levelOf(b)] ?? 9) ||
      departmentName(a.group.department).localeCompare(departmentName(b.group.department)),
  );
  $('dept-rows').replaceChildren(
    ...depts.map((f) =>
      el(
        'tr',
        { 'data-department': f.group.department },
        el('th', { scope: 'row' }, departmentName(f.group.department)),
        el('td', { 'data-label': t('fig.level') }, levelOf(f) ? t('level.' + levelOf(f)) : ''),
        figureRows(f).map(([k, v]) => el('td', { class: 'num', 'data-label': t(k) }, v)),
      ),
    ),
  );
  $('dept-empty').hidden = depts.length > 0;
}

// ---- who handles this?

async function whoHandles(ev) {
  ev.preventDefault();
  show($('who-error'), '');
  state.who = null;
  $('who-result').replaceChildren(el('p', { class: 'muted' }, t('loading')));
  try {
    const { data } = await api('/public/who-handles' + query({ category: $('who-category').value, ward: $('who-ward').value }));
    state.who = data;
  } catch (e) {
    show($('who-error'), e.message);
  }
  renderWho();
}

function renderWho() {
  const a = state.who;
  if (!a) {
    $('who-result').replaceChildren();
    return;
  }
  const dept = a.department || {};
  const cat = a.category || {};
  const hours = (n) => (n ? ' (' + t('who.workingHours', { n: fmtNumber(n, 1) }) + ')' : '');
  const co = (a.co_handling || []).map(departmentName).join('; ');
  $('who-result').replaceChildren(
    el(
      'div',
      { class: 'answer' },
      el('p', { class: 'answer-dept' }, el('span', { class: 'label' }, t('who.handledBy') + ': '), el('strong', {}, pick(dept, 'name') || dept.code || '')),
      a.level ? el('p', {}, el('span', { class: 'badge level' }, t('level.' + a.level))) : null,
      el('p', { class: 'explain' }, pick(a, 'explain')),
      el(
        'dl',
        { class: 'facts' },
        co ? [el('dt', {}, t('who.coHandling')), el('dd', {}, co)] : [],
        el('dt', {}, t('who.responseDue')),
        el('dd', {}, fmtDateTime(a.response_due) + hours(cat.response_hours)),
        el('dt', {}, t('who.resolutionDue')),
        el('dd', {}, fmtDateTime(a.resolution_due) + hours(cat.resolution_hours)),
      ),
      pick(cat, 'hint') ? el('p', { class: 'muted' }, pick(cat, 'hint')) : null,
    ),
  );
}

// ---- recent issues

async function loadIssues(more) {
  const f = $('issue-filters');
  show($('issues-error'), '');
  const params = {
    status: f.status.value,
    category: f.category.value,
    ward: f.ward.value,
    q: f.q.value.trim(),
    overdue: f.overdue.checked ? 'true' : '',
    sort: 'created',
    order: 'desc',
    limit: 20,
    cursor: more ? state.cursor : '',
  };
  $('issues-more').disabled = true;
  try {
    const { data } = await api('/public/issues' + query(params));
    const page = (data && data.issues) || [];
    state.issues = more ? state.issues.concat(page) : page;
    state.cursor = (data && data.next_cursor) || '';
  } catch (e) {
    if (!more) state.issues = [];
    state.cursor = '';
    show($('issues-error'), e.message);
  }
  $('issues-more').disabled = false;
  renderIssues();
}

function pinPopup(iss) {
  return el(
    'div',
    { class: 'pin-popup' },
    el('a', { href: '/issues/' + enc(iss.code) }, iss.title),
    el('div', {}, el('span', { class: 'code' }, iss.code), ' ', statusBadge(iss.status)),
  );
}

function renderMap() {
  if (!state.map) state.map = makeMap($('issues-map'));
  if (!state.map) {
    $('issues-map').hidden = true;
    return;
  }
  const n = showPins(state.map, state.issues, pinPopup);
  $('map-count').textContent = t('map.count', { n, total: state.issues.length });
}

// ---- look up by code

async function lookup(ev) {
  ev.preventDefault();
  const code = $('lookup-code').value.trim().toUpperCase();
  show($('lookup-error'), '');
  if (!code) return;
  try {
    await api('/public/issues/' + enc(code));
    location.href = '/issues/' + enc(code);
  } catch (e) {
    show($('lookup-error'), e.status === 404 ? t('lookup.notFound', { code }) : e.message);
  }
}

function renderIssues() {
  renderMap();
  $('issues').replaceChildren(...state.issues.map((i) => issueItem(i, '/issues/' + enc(i.code))));
  $('issues-count').textContent = state.issues.length ? t('list.count', { n: state.issues.length }) : t('list.empty');
  $('issues-more').hidden = !state.cursor;
}

// ---- start

async function main() {
  initI18n();
  $('stats-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadStats();
  });
  $('who-form').addEventListener('submit', whoHandles);
  $('lookup-form').addEventListener('submit', lookup);
  initSite();
  $('issue-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadIssues(false);
  });
  $('f-reset').addEventListener('click', () => {
    $('issue-filters').reset();
    loadIssues(false);
  });
  $('issues-more').addEventListener('click', () => loadIssues(true));
  document.addEventListener('langchange', () => {
    fillSelects();
    renderStats();
    renderWho();
    renderIssues();
  });
  const err = await loadCatalogue();
  // Without the catalogue the page shows codes instead of names, and
  // "who handles this?" has nothing to choose from: say why.
  if (err) show($('who-error'), t('err.catalogue', { msg: err.message }));
  fillSelects();
  await Promise.all([loadStats(), loadIssues(false)]);
  document.body.dataset.ready = 'true';
}

main();
