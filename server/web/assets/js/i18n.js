// Vietnamese first, English on request. The choice is kept in localStorage.
import { vi } from './lang-vi.js';
import { en } from './lang-en.js';

const dicts = { vi, en };
const KEY = 'civicdesk.lang';

function stored() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current = stored() === 'en' ? 'en' : 'vi';

/** lang returns the current language, "vi" or "en". */
export function lang() {
  return current;
}

/** t translates a key, filling {name} placeholders from vars. */
export function t(key, vars) {
  let s = dicts[current][key];
  if (s === undefined) s = dicts.vi[key];
  if (s === undefined) return key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** has reports whether a key is translated. */
export function has(key) {
  return key in dicts.vi;
}

/** pick returns the field of obj in the current language (name_vi/name_en). */
export function pick(obj, field) {
  if (!obj) return '';
  return (current === 'en' && obj[field + '_en']) || obj[field + '_vi'] || obj[field + '_en'] || '';
}

/** applyI18n fills every element marked with data-i18n* attributes. */
export function applyI18n(root = document) {
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of root.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
  document.documentElement.lang = current;
  const title = document.body.dataset.title;
  if (title) document.title = t(title) + ' – civicdesk';
}

/** setLang switches language, stores the choice and tells the page. */
export function setLang(l) {
  current = l === 'en' ? 'en' : 'vi';
  try {
    localStorage.setItem(KEY, current);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
  applyI18n();
  document.dispatchEvent(new CustomEvent('langchange'));
}

/** initI18n translates the page and wires the language toggle button. */
export function initI18n() {
  applyI18n();
  const btn = document.getElementById('lang-toggle');
  if (!btn) return;
  const label = () => {
    // The button names the other language, in that language.
    btn.textContent = current === 'vi' ? 'English' : 'Tiếng Việt';
    btn.lang = current === 'vi' ? 'en' : 'vi';
    btn.title = t('lang.switch');
  };
  label();
  btn.addEventListener('click', () => {
    setLang(current === 'vi' ? 'en' : 'vi');
    label();
  });
}
