// Figures as charts (inline SVG, no library), per ward, with a CSV
// download and a printable weekly report. Everything here is public data.
import { t, initI18n } from './i18n.js';
import { api, query, enc } from './api.js';
import { el, show, fillSelect, fmtNumber, fmtRate, fmtDay } from './dom.js';
import { loadCatalogue, wards, options, departmentName, wardName } from './catalogue.js';
import { initSite } from './site.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const WEEKS = 8;
const state = { weeks: [], depts: [], week: null, overdue: [], escalations: [], to: null };

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) if (c) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

const iso = (d) => d.toISOString().slice(0, 10);
function addDays(s, n) {
  const d = new Date(s + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

const total = (figs) => figs[0] || { received: 0, resolved: 0 };

async function load() {
  const ward = $('figs-ward').value;
  show($('figs-error'), '');
  $('figs-csv').href = '/api/v1/public/stats' + query({ format: 'csv', group_by: 'department', ward });
  try {
    const head = await api('/public/stats' + query({ ward }));
    const to = head.data.to;
    state.to = to;
    const ranges = [];
    for (let i = WEEKS - 1; i >= 0; i--) ranges.push({ from: addDays(to, -7 * i - 6), to: addDays(to, -7 * i) });
    const weeks = await Promise.all(ranges.map((r) => api('/public/stats' + query({ ward, ...r }))));
    state.weeks = weeks.map((w, i) => ({ ...ranges[i], f: total(w.data.figures || []) }));
    state.week = state.weeks[state.weeks.length - 1];
    const depts = await api('/public/stats' + query({ ward, group_by: 'department', from: addDays(to, -7 * WEEKS + 1), to }));
    state.depts = (depts.data.figures || []).filter((f) => f.received + f.resolved + f.open_now > 0);
    const od = await api('/public/issues' + query({ ward, overdue: 'true', status: 'new,routed,in_progress,waiting_for_resident', sort: 'deadline', order: 'asc', limit: 50 }));
    state.overdue = (od.data && od.data.issues) || [];
    const esc = await api('/public/issues' + query({ ward, level: 'city', sort: 'updated', order: 'desc', limit: 10 }));
    const list = (esc.data && esc.data.issues) || [];
    state.escalations = await Promise.all(
      list.map(async (i) => {
        const { data } = await api('/public/issues/' + enc(i.code));
        const ev = [...(data.timeline || [])].reverse().find((e) => e.type === 'escalated');
        return { iss: i, reason: ev ? ev.message : '' };
      }),
    );
    state.escalations = state.escalations.filter((e) => e.reason);
  } catch (e) {
    show($('figs-error'), e.message);
  }
  render();
}

function barChart(id, rows, series, { max, fmt, label }) {
  // rows: [{label, values: [...]}]; series: [{name, cls}]
  const rowH = 18 * series.length + 14;
  const w = 640;
  const left = 190;
  const h = rows.length * rowH + 24;
  const scale = (v) => (max > 0 ? ((w - left - 60) * v) / max : 0);
  const g = rows.map((r, i) =>
    svg(
      'g',
      { transform: 'translate(0,' + i * rowH + ')' },
      svg('text', { x: 0, y: 14, class: 'chart-label' }, r.label.length > 30 ? r.label.slice(0, 29) + '…' : r.label),
      r.values.map((v, j) => [
        svg('rect', { x: left, y: 2 + j * 18, width: Math.max(scale(v || 0), 1), height: 14, class: 'bar ' + series[j].cls, 'data-value': v ?? '' }, svg('title', {}, series[j].name + ': ' + fmt(v))),
        svg('text', { x: left + scale(v || 0) + 4, y: 13 + j * 18, class: 'chart-value' }, fmt(v)),
      ]),
    ),
  );
  const legend = svg(
    'g',
    { transform: 'translate(' + left + ',' + (rows.length * rowH + 6) + ')' },
    series.map((s, j) => [svg('rect', { x: j * 170, y: 0, width: 12, height: 12, class: 'bar ' + s.cls }), svg('text', { x: j * 170 + 16, y: 11, class: 'chart-label' }, s.name)]),
  );
  $(id).replaceChildren(
    rows.length
      ? svg('svg', { viewBox: '0 0 ' + w + ' ' + (h + 4), role: 'img', 'aria-label': label, class: 'bars' }, g, legend)
      : el('p', { class: 'muted' }, t('stats.empty')),
  );
}

function render() {
  const fmtN = (v) => fmtNumber(v || 0);
  barChart(
    'chart-weeks',
    state.weeks.map((w) => ({ label: fmtDay(w.from) + '–' + fmtDay(w.to), values: [w.f.received, w.f.resolved] })),
    [{ name: t('fig.received'), cls: 'received' }, { name: t('fig.resolved'), cls: 'resolved' }],
    { max: Math.max(1, ...state.weeks.flatMap((w) => [w.f.received, w.f.resolved])), fmt: fmtN, label: t('figs.perWeek') },
  );
  barChart(
    'chart-rates',
    state.depts.map((f) => ({ label: departmentName(f.group.department), values: [f.resolved > 0 ? f.on_time_rate : null, f.resolved + f.open_now > 0 ? f.overdue_rate : null] })),
    [{ name: t('fig.onTimeRate'), cls: 'ontime' }, { name: t('fig.overdueRate'), cls: 'overdue' }],
    { max: 1, fmt: (v) => fmtRate(v, v !== null && v !== undefined), label: t('figs.rates') },
  );
  const hours = (v) => (v === null || v === undefined ? t('dash') : t('fig.hours', { n: fmtNumber(v, 1) }));
  barChart(
    'chart-times',
    state.depts.map((f) => ({ label: departmentName(f.group.department), values: [f.median_response_hours, f.median_resolution_hours] })),
    [{ name: t('fig.medianResponse'), cls: 'response' }, { name: t('fig.medianResolution'), cls: 'resolution' }],
    { max: Math.max(1, ...state.depts.flatMap((f) => [f.median_response_hours || 0, f.median_resolution_hours || 0])), fmt: hours, label: t('figs.times') },
  );
  const w = state.week;
  const ward = $('figs-ward').value;
  $('weekly-period').textContent = w ? t('figs.period', { ward: ward ? wardName(ward) : t('figs.allWards'), from: fmtDay(w.from), to: fmtDay(w.to) }) : '';
  $('weekly-figures').replaceChildren(
    ...(w
      ? [
          ['fig.received', fmtNumber(w.f.received)],
          ['fig.resolved', fmtNumber(w.f.resolved)],
          ['fig.onTimeRate', fmtRate(w.f.on_time_rate, w.f.resolved > 0)],
          ['fig.openNow', fmtNumber(w.f.open_now)],
          ['fig.overdueNow', fmtNumber(w.f.overdue_now)],
        ].map(([k, v]) => el('div', {}, el('dt', {}, t(k)), el('dd', {}, v)))
      : []),
  );
  $('weekly-overdue').replaceChildren(
    ...(state.overdue.length
      ? state.overdue.map((i) => el('li', {}, el('a', { href: '/issues/' + enc(i.code) }, i.code), ' ', i.title, ' – ', departmentName(i.routing.department)))
      : [el('li', { class: 'muted' }, t('figs.none'))]),
  );
  $('weekly-escalations').replaceChildren(
    ...(state.escalations.length
      ? state.escalations.map((e) => el('li', {}, el('a', { href: '/issues/' + enc(e.iss.code) }, e.iss.code), ' ', e.iss.title, ': ', el('em', {}, e.reason)))
      : [el('li', { class: 'muted' }, t('figs.none'))]),
  );
}

async function main() {
  initI18n();
  initSite();
  await loadCatalogue();
  fillSelect($('figs-ward'), options(wards()), t('figs.allWards'));
  const w = new URLSearchParams(location.search).get('ward');
  if (w) $('figs-ward').value = w;
  $('figs-form').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  $('figs-print').addEventListener('click', () => window.print());
  document.addEventListener('langchange', () => {
    fillSelect($('figs-ward'), options(wards()), t('figs.allWards'));
    render();
  });
  await load();
  document.body.dataset.ready = 'true';
}

main();
