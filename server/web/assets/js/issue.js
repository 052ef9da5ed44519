// The public page of one issue: what happened and who handles it.
import { initI18n } from './i18n.js';
import { api, enc } from './api.js';
import { show } from './dom.js';
import { loadCatalogue } from './catalogue.js';
import { issueDetail } from './issueview.js';

const $ = (id) => document.getElementById(id);
let issue = null;

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
}

async function main() {
  initI18n();
  document.addEventListener('langchange', render);
  const code = codeFromPath();
  const [, res] = await Promise.all([
    loadCatalogue(),
    api('/public/issues/' + enc(code)).catch((e) => ({ error: e })),
  ]);
  $('issue-loading').hidden = true;
  if (res.error) {
    show($('issue-error'), res.error.message);
  } else {
    issue = res.data;
    render();
  }
  document.body.dataset.ready = 'true';
}

main();
