// A small client for civicdesk's REST API under /api/v1.
import { t, lang } from './i18n.js';

/**
 * ApiError carries the API's error: its message is written for people, in
 * the page's language (every call sends it as Accept-Language, and the
 * server renders its messages from the one catalogue of texts); key and
 * params name the message for code that needs more than the text.
 */
export class ApiError extends Error {
  constructor(status, code, message, fields, key, params) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.key = key || '';
    this.params = params || {};
  }
}

/**
 * api calls the API and returns {data, etag}. Errors become ApiError with
 * the server's message, or a translated one when the server gave none.
 */
export async function api(path, { method = 'GET', body, token, ifMatch, visitor } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  // A FormData body (photos) sets its own multipart Content-Type.
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (visitor) headers['X-Visitor-ID'] = visitor;
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      body: body === undefined || form ? body : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', t('err.network'));
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    let msg = typeof e.message === 'string' && e.message ? e.message : t('err.http', { status: res.status });
    if (res.status === 429) {
      // Say it in the visitor's language, with the wait the server asks for.
      msg = t('err.rate', { seconds: Number(res.headers.get('Retry-After')) || 1 });
    }
    throw new ApiError(res.status, e.code || 'http_' + res.status, msg, e.fields, e.key, e.params);
  }
  return { data, etag: res.headers.get('ETag') };
}

/** query builds "?a=1&b=2" from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** enc escapes one path segment (an issue code). */
export const enc = encodeURIComponent;
