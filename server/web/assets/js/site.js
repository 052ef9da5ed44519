// What every public page shares: the link to the Telegram bot, and the
// visitor's random id for "me too" and reports.
import { api } from './api.js';

let config = null;

/** siteConfig reads the installation's public settings once. */
export async function siteConfig() {
  if (config) return config;
  try {
    const { data } = await api('/public/config');
    config = data || {};
  } catch {
    config = {};
  }
  return config;
}

/** botURL is the link that opens the bot, following code when given. */
export function botURL(cfg, code) {
  if (!cfg || !cfg.telegram_url) return '';
  return code ? cfg.telegram_url + '?start=' + encodeURIComponent(code) : cfg.telegram_url;
}

/** initSite shows the bot's link in the header (#bot-link). */
export async function initSite() {
  const cfg = await siteConfig();
  const a = document.getElementById('bot-link');
  if (a && botURL(cfg)) {
    a.href = botURL(cfg);
    a.hidden = false;
  }
  return cfg;
}

const VISITOR_KEY = 'civicdesk.visitor';

/** visitorID is this browser's random id, made on first use. */
export function visitorID() {
  let id = null;
  try {
    id = localStorage.getItem(VISITOR_KEY);
  } catch {
    // Storage disabled: a new id per page.
  }
  if (!id || !/^[A-Za-z0-9-]{16,64}$/.test(id)) {
    id = crypto.randomUUID();
    try {
      localStorage.setItem(VISITOR_KEY, id);
    } catch {
      // As above.
    }
  }
  return id;
}
