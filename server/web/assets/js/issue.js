// The public page of one issue: what happened and who handles it, its
// photos and place on a map, "me too" and following it in Telegram.
import { t, initI18n } from './i18n.js';
import { api, enc } from './api.js';
import { show, fmtNumber } from './dom.js';
import { loadCatalogue } from './catalogue.js';
import { issueDetail, isOpen } from './issueview.js';
import { initSite, botURL, visitorID } from './site.js';
import { makeMap, showPins } from './map.js';

const $ = (id) => document.getElementById(id);
let issue = null;
let cfg = {};
let map = null;
const fresh = new URLSearchParams(location.search).get('new') === '1';

function codeFromPath() {
  const parts = location.pathname.split('/').filter(Boolean);
  try {
    return decodeURIComponent(parts[parts.length - 1] || '');
  } catch {
    return '';
  }
}

function render() {
  if (!issue) return;
  const box = $('issue');
  box.replaceChildren(issueDetail(issue, { staff: false, heading: 'h1' }));
  box.hidden = false;
  document.title = issue.code + ' – ' + issue.title + ' – civicdesk';
  if (fresh) show($('issue-new'), t('report.done', { code: issue.code }));
  $('issue-extra').hidden = false;
  $('supporters').textContent = t('metoo.count', { n: fmtNumber(issue.supporters || 0) });
  $('metoo').hidden = !isOpen(issue);
  const tg = botURL(cfg, issue.code);
  $('follow-tg').hidden = !tg;
  if (tg) $('follow-tg').href = tg;
}

function renderMap() {
  const loc = issue && issue.location;
  if (!loc || loc.lat == null || loc.lon == null) return;
  $('issue-map').hidden = false;
  if (!map) map = makeMap($('issue-map'), { zoom: 16, center: [loc.lat, loc.lon] });
  showPins(map, [issue]);
}

async function meToo() {
  show($('metoo-error'), '');
  show($('metoo-result'), '');
  $('metoo').disabled = true;
  try {
    const { data } = await api('/public/issues/' + enc(issue.code) + '/support', { method: 'POST', visitor: visitorID() });
    issue = data;
    render();
    show($('metoo-result'), t('metoo.done'));
  } catch (e) {
    show($('metoo-error'), e.status === 409 ? t('metoo.already') : e.message);
  } finally {
    $('metoo').disabled = false;
  }
}

async function main() {
  initI18n();
  document.addEventListener('langchange', render);
  $('metoo').addEventListener('click', meToo);
  const code = codeFromPath();
  const [, res, c] = await Promise.all([
    loadCatalogue(),
    api('/public/issues/' + enc(code)).catch((e) => ({ error: e })),
    initSite(),
  ]);
  cfg = c;
  $('issue-loading').hidden = true;
  if (res.error) {
    show($('issue-error'), res.error.message);
  } else {
    issue = res.data;
    render();
    renderMap();
    if (fresh) $('issue-new').focus();
  }
  document.body.dataset.ready = 'true';
}

main();
