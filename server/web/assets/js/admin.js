// Administration: accounts, API keys, organisations and their invites.
// Everything here is the REST API's; the page signs in through the
// dashboard (the token in sessionStorage).
import { t, pick, initI18n } from './i18n.js';
import { api, enc } from './api.js';
import { el, show, fillSelect, fmtDateTime } from './dom.js';
import { loadCatalogue, departments, wards, options, departmentName, wardName } from './catalogue.js';

const $ = (id) => document.getElementById(id);
const ROLES = ['official', 'supervisor', 'monitor', 'admin'];
const st = { token: null, users: [], keys: [], orgs: [], catETag: null };

function token() {
  try {
    return sessionStorage.getItem('civicdesk.token');
  } catch {
    return null;
  }
}

const call = (path, opts = {}) => api(path, { ...opts, token: st.token });

function problems(e) {
  return [e.message, ...Object.entries(e.fields || {}).map(([k, v]) => k + ': ' + v)].join('\n');
}

// ---- accounts

async function loadUsers() {
  const { data } = await call('/users');
  st.users = (data && data.users) || [];
  renderUsers();
}

function scope(u) {
  if (u.department) return departmentName(u.department);
  if (u.ward) return wardName(u.ward);
  return u.role === 'supervisor' ? t('admin.city') : '';
}

async function patchUser(u, patch, done) {
  show($('user-error'), '');
  try {
    await call('/users/' + enc(u.id), { method: 'PATCH', body: patch, ifMatch: '"' + u.version + '"' });
    show($('user-notice'), done);
    $('user-notice').focus();
    await loadUsers();
  } catch (e) {
    show($('user-error'), problems(e));
  }
}

function renderUsers() {
  $('user-rows').replaceChildren(
    ...st.users.map((u) => {
      const pw = el('input', { type: 'password', autocomplete: 'new-password', 'aria-label': t('admin.newPassword', { user: u.username }), class: 'reset-password' });
      return el(
        'tr',
        { 'data-user': u.username },
        el('td', {}, u.username),
        el('td', {}, u.name),
        el('td', {}, t('role.' + u.role)),
        el('td', {}, scope(u)),
        el('td', {}, u.disabled ? t('admin.disabled') : t('admin.active')),
        el(
          'td',
          { class: 'row-actions' },
          el(
            'button',
            {
              type: 'button',
              class: 'toggle-user' + (u.disabled ? '' : ' danger'),
              onclick: () => patchUser(u, { disabled: !u.disabled }, t(u.disabled ? 'admin.enabledDone' : 'admin.disabledDone', { user: u.username })),
            },
            u.disabled ? t('admin.enable') : t('admin.disable'),
          ),
          pw,
          el(
            'button',
            { type: 'button', class: 'reset', onclick: () => pw.value && patchUser(u, { password: pw.value }, t('admin.passwordDone', { user: u.username })) },
            t('admin.resetPassword'),
          ),
        ),
      );
    }),
  );
}

async function createUser(ev) {
  ev.preventDefault();
  const f = ev.target;
  show($('user-error'), '');
  const body = { username: f.username.value.trim(), name: f.name.value.trim(), role: f.role.value, password: f.password.value };
  if (f.department.value) body.department = f.department.value;
  if (f.ward.value) body.ward = f.ward.value;
  try {
    await call('/users', { method: 'POST', body });
    f.reset();
    show($('user-notice'), t('admin.userCreated', { user: body.username }));
    $('user-notice').focus();
    await loadUsers();
  } catch (e) {
    show($('user-error'), problems(e));
  }
}

// ---- API keys

async function loadKeys() {
  const { data } = await call('/api-keys');
  st.keys = (data && data.keys) || [];
  renderKeys();
}

function orgName(id) {
  const o = st.orgs.find((x) => x.id === id);
  return o ? pick(o, 'name') : id || '';
}

function renderKeys() {
  $('key-rows').replaceChildren(
    ...st.keys.map((k) =>
      el(
        'tr',
        { 'data-key': k.name },
        el('td', {}, k.name),
        el('td', { class: 'code' }, k.prefix + '…'),
        el('td', {}, orgName(k.organisation_id)),
        el('td', {}, k.revoked_at ? t('admin.revokedAt', { at: fmtDateTime(k.revoked_at) }) : t('admin.active')),
        el(
          'td',
          {},
          k.revoked_at
            ? null
            : el(
                'button',
                {
                  type: 'button',
                  class: 'danger revoke',
                  onclick: async () => {
                    show($('key-error'), '');
                    try {
                      await call('/api-keys/' + enc(k.id), { method: 'DELETE' });
                      await loadKeys();
                    } catch (e) {
                      show($('key-error'), problems(e));
                    }
                  },
                },
                t('admin.revoke'),
              ),
        ),
      ),
    ),
  );
}

async function createKey(ev) {
  ev.preventDefault();
  const f = ev.target;
  show($('key-error'), '');
  $('key-secret-box').hidden = true;
  const body = { name: f.name.value.trim() };
  if (f.organisation_id.value) body.organisation_id = f.organisation_id.value;
  try {
    const { data } = await call('/api-keys', { method: 'POST', body });
    f.reset();
    // The secret is shown this once; it is not kept anywhere in the page.
    $('key-secret').textContent = data.secret;
    $('key-secret-box').hidden = false;
    $('key-secret-box').focus();
    await loadKeys();
  } catch (e) {
    show($('key-error'), problems(e));
  }
}

// ---- organisations

async function loadOrgs() {
  const { data } = await call('/organisations');
  st.orgs = (data && data.organisations) || [];
  fillSelect($('k-org'), st.orgs.map((o) => [o.id, pick(o, 'name')]), t('admin.noOrg'));
  $('org-rows').replaceChildren(
    ...st.orgs.map((o) =>
      el(
        'li',
        { 'data-org': o.code },
        el('strong', {}, pick(o, 'name')),
        ' (' + o.code + (o.ward ? ', ' + wardName(o.ward) : '') + ') ',
        el(
          'button',
          {
            type: 'button',
            class: 'invite',
            onclick: async () => {
              show($('org-error'), '');
              try {
                const { data } = await call('/organisations/' + enc(o.id) + '/invites', { method: 'POST' });
                show($('org-notice'), t('admin.invite', { link: data.link || data.token, at: fmtDateTime(data.expires_at) }));
              } catch (e) {
                show($('org-error'), problems(e));
              }
            },
          },
          t('admin.makeInvite'),
        ),
      ),
    ),
  );
}

async function createOrg(ev) {
  ev.preventDefault();
  const f = ev.target;
  show($('org-error'), '');
  const body = { code: f.code.value.trim(), name_vi: f.name_vi.value.trim() };
  if (f.name_en.value.trim()) body.name_en = f.name_en.value.trim();
  if (f.ward.value) body.ward = f.ward.value;
  try {
    await call('/organisations', { method: 'POST', body });
    f.reset();
    await loadOrgs();
  } catch (e) {
    show($('org-error'), problems(e));
  }
}

// ---- the catalogue, with the server's checks and its history

async function loadCatalogueJSON() {
  const { data, etag } = await call('/catalogue');
  st.catETag = etag || '"' + data.version + '"';
  $('cat-json').value = JSON.stringify(data.catalogue, null, 2);
  $('cat-version').textContent = t('admin.catalogueVersion', { v: data.version });
  await loadHistory();
}

async function loadHistory() {
  const { data } = await call('/catalogue/history');
  $('cat-history').replaceChildren(
    ...((data && data.versions) || []).map((v) =>
      el(
        'li',
        { 'data-version': v.version },
        t('admin.historyItem', { v: v.version, at: fmtDateTime(v.updated_at), by: v.updated_by }),
        ' ',
        el(
          'button',
          {
            type: 'button',
            class: 'load-version',
            onclick: async () => {
              const { data: c } = await call('/catalogue/versions/' + v.version);
              $('cat-json').value = JSON.stringify(c, null, 2);
              show($('cat-notice'), t('admin.versionLoaded', { v: v.version }));
            },
          },
          t('admin.loadVersion'),
        ),
      ),
    ),
  );
}

async function saveCatalogue() {
  const box = $('cat-errors');
  box.replaceChildren();
  box.hidden = true;
  show($('cat-notice'), '');
  let body;
  try {
    body = JSON.parse($('cat-json').value);
  } catch (e) {
    box.replaceChildren(el('li', {}, t('admin.notJSON', { msg: e.message })));
    box.hidden = false;
    return;
  }
  try {
    const { data } = await call('/catalogue', { method: 'PUT', body, ifMatch: st.catETag });
    show($('cat-notice'), t('admin.catalogueSaved', { v: data.version }));
    await loadCatalogueJSON();
  } catch (e) {
    // Each problem names its field (categories[2].name_vi ...).
    const items = Object.entries(e.fields || {}).map(([k, v]) => el('li', { 'data-field': k }, el('code', {}, k), ': ' + v));
    box.replaceChildren(...(items.length ? items : [el('li', {}, e.message)]));
    box.hidden = false;
  }
}

function fillForms() {
  fillSelect($('u-role'), ROLES.map((r) => [r, t('role.' + r)]));
  fillSelect($('u-department'), options(departments()), t('admin.none'));
  fillSelect($('u-ward'), options(wards()), t('admin.none'));
  fillSelect($('o-ward'), options(wards()), t('admin.none'));
}

async function main() {
  initI18n();
  st.token = token();
  if (!st.token) {
    $('admin-signin').hidden = false;
    document.body.dataset.ready = 'true';
    return;
  }
  try {
    await loadCatalogue(st.token);
    fillForms();
    await loadOrgs();
    await Promise.all([loadUsers(), loadKeys(), loadCatalogueJSON()]);
    $('admin').hidden = false;
  } catch (e) {
    show($('admin-error'), e.message);
    $('admin-signin').hidden = e.status !== 401 && e.status !== 403;
  }
  $('user-form').addEventListener('submit', createUser);
  $('key-form').addEventListener('submit', createKey);
  $('org-form').addEventListener('submit', createOrg);
  $('cat-save').addEventListener('click', saveCatalogue);
  document.addEventListener('langchange', () => {
    fillForms();
    renderUsers();
    renderKeys();
    loadOrgs().catch(() => {});
  });
  document.body.dataset.ready = 'true';
}

main();
