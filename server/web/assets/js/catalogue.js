// The catalogue (wards, departments, categories) names codes for people.
import { api } from './api.js';
import { pick } from './i18n.js';

let cat = { wards: [], departments: [], categories: [] };

/**
 * loadCatalogue reads the catalogue: GET /api/v1/catalogue when signed
 * in; otherwise the public, redacted GET /api/v1/public/catalogue, then
 * GET /api/v1/catalogue in case the server serves it to anyone. Without
 * it the pages still work, showing codes instead of names; the error is
 * returned to show.
 */
export async function loadCatalogue(token) {
  const paths = token ? ['/catalogue'] : ['/public/catalogue', '/catalogue'];
  let err = null;
  for (const path of paths) {
    try {
      const { data } = await api(path, { token });
      const c = (data && data.catalogue) || data || {};
      cat = {
        wards: c.wards || [],
        departments: c.departments || [],
        categories: c.categories || [],
        city: c.city || null,
        calendar: c.calendar || null,
      };
      return null;
    } catch (e) {
      err = e;
    }
  }
  return err;
}

export const wards = () => cat.wards;
export const departments = () => cat.departments;
export const categories = () => cat.categories;

/** timeZone is the city's time zone, for showing deadlines. */
export function timeZone() {
  return (cat.calendar && cat.calendar.time_zone) || 'Asia/Ho_Chi_Minh';
}

function find(list, code) {
  return list.find((x) => x.code === code);
}

export function department(code) {
  return find(cat.departments, code);
}

export function categoryName(code) {
  return pick(find(cat.categories, code), 'name') || code || '';
}

export function departmentName(code) {
  return pick(find(cat.departments, code), 'name') || code || '';
}

export function wardName(code) {
  return pick(find(cat.wards, code), 'name') || code || '';
}

/** options lists [code, name] pairs for a select. */
export function options(list) {
  return list.map((x) => [x.code, pick(x, 'name') || x.code]);
}
