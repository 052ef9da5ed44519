// DOM building from elements and text nodes only: every piece of data becomes text.
import { t, lang } from './i18n.js';
import { timeZone } from './catalogue.js';

/**
 * el creates an element. props: class, text, on<event> handlers, and
 * attributes; children may be nodes or strings (added as text).
 */
export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** show puts a message in a (hidden when empty) element. */
export function show(node, message) {
  node.textContent = message || '';
  node.hidden = !message;
}

function locale() {
  return lang() === 'en' ? 'en-GB' : 'vi-VN';
}

/** fmtDateTime formats an ISO time in the city's time zone. */
export function fmtDateTime(iso) {
  if (!iso) return t('dash');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return t('dash');
  const opts = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(locale(), { ...opts, timeZone: timeZone() }).format(d);
  } catch {
    return new Intl.DateTimeFormat(locale(), opts).format(d);
  }
}

/** timeEl is a <time> element for an ISO time. */
export function timeEl(iso) {
  return el('time', { datetime: iso || undefined }, fmtDateTime(iso));
}

/** fmtNumber formats a count or a number of hours. */
export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return t('dash');
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(Number(n));
}

/**
 * fmtCoords formats a position with 5 decimals (about a metre) in the
 * page's language: "16,45600; 107,54200" in Vietnamese, where the comma is
 * the decimal sign, and "16.45600, 107.54200" in English.
 */
export function fmtCoords(lat, lon) {
  const f = new Intl.NumberFormat(locale(), { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false });
  return f.format(Number(lat)) + (lang() === 'en' ? ', ' : '; ') + f.format(Number(lon));
}

/** fmtDay turns "2026-12-01" into "01/12/2026", as the pages write dates. */
export function fmtDay(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? m[3] + '/' + m[2] + '/' + m[1] : '';
}

/**
 * parseDay reads a date typed as dd/mm/yyyy (or d/m/yyyy, with / . or -)
 * into "yyyy-mm-dd"; "" stays "", anything else is null.
 */
export function parseDay(s) {
  s = (s || '').trim();
  if (!s) return '';
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return y + '-' + String(mo).padStart(2, '0') + '-' + String(d).padStart(2, '0');
}

/** fmtRate formats a 0..1 rate as a percentage, or a dash when undefined. */
export function fmtRate(r, defined = true) {
  if (!defined || r === null || r === undefined) return t('dash');
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(Number(r));
}

/** fmtHours formats working hours, or a dash when there is no data. */
export function fmtHours(h) {
  if (h === null || h === undefined) return t('dash');
  return t('fig.hours', { n: fmtNumber(h, 1) });
}

/** fillSelect replaces a select's options, keeping the chosen value. */
export function fillSelect(select, items, firstLabel) {
  const keep = select.value;
  select.replaceChildren();
  if (firstLabel !== undefined) select.append(el('option', { value: '' }, firstLabel));
  for (const [value, label] of items) select.append(el('option', { value }, label));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}
