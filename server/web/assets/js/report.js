// Reporting from the web: the same service call and checks as the bot;
// the server limits reports per address.
import { t, lang, initI18n } from './i18n.js';
import { api } from './api.js';
import { show, fillSelect, fmtCoords } from './dom.js';
import { loadCatalogue, categories, wards, options } from './catalogue.js';
import { initSite, visitorID } from './site.js';
import { makeMap, pickPoint } from './map.js';

const $ = (id) => document.getElementById(id);
let point = null;

function fillSelects() {
  fillSelect($('r-category'), options(categories()), t('who.choose'));
  fillSelect($('r-ward'), options(wards()), t('who.choose'));
}

function renderPoint() {
  $('r-point').textContent = point ? t('report.point', { p: fmtCoords(point.lat, point.lon) }) : '';
}

async function submit(ev) {
  ev.preventDefault();
  const f = ev.target;
  show($('report-error'), '');
  if (!f.category.value) {
    show($('report-error'), t('report.needCategory'));
    $('r-category').focus();
    return;
  }
  const fd = new FormData();
  for (const name of ['title', 'description', 'category', 'ward', 'address', 'contact.name', 'contact.phone', 'contact.email']) {
    const v = (f.elements[name].value || '').trim();
    if (v) fd.append(name, v);
  }
  if (point) {
    fd.append('lat', String(point.lat));
    fd.append('lon', String(point.lon));
  }
  if (fd.has('contact.name') || fd.has('contact.phone') || fd.has('contact.email')) fd.append('contact.lang', lang());
  for (const file of $('r-photos').files) fd.append('photos', file);
  $('report-submit').disabled = true;
  try {
    const { data } = await api('/public/reports', { method: 'POST', body: fd, visitor: visitorID() });
    location.href = '/issues/' + encodeURIComponent(data.code) + '?new=1';
  } catch (e) {
    const fields = Object.entries(e.fields || {}).map(([k, v]) => k + ': ' + v);
    show($('report-error'), [e.message, ...fields].join('\n'));
    $('report-error').scrollIntoView({ block: 'nearest' });
  } finally {
    $('report-submit').disabled = false;
  }
}

async function main() {
  initI18n();
  document.addEventListener('langchange', () => {
    fillSelects();
    renderPoint();
  });
  $('report-form').addEventListener('submit', submit);
  await Promise.all([loadCatalogue(), initSite()]);
  fillSelects();
  // A link can open the map at a place: /report#at=16.465,107.54.
  const h = /^#at=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(location.hash);
  const m = makeMap($('r-map'), h ? { center: [Number(h[1]), Number(h[2])], zoom: 16 } : {});
  pickPoint(m, (p) => {
    point = p;
    renderPoint();
  });
  document.body.dataset.ready = 'true';
}

main();
