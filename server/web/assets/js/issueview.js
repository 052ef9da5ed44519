// Rendering of issues shared by the portal, the issue page and the dashboard.
import { t, has, pick } from './i18n.js';
import { el, fmtDateTime, timeEl, fmtNumber, fmtCoords } from './dom.js';
import { categoryName, departmentName, wardName } from './catalogue.js';

export const STATUSES = ['new', 'routed', 'in_progress', 'waiting_for_resident', 'resolved', 'closed', 'rejected'];
const OPEN = new Set(['new', 'routed', 'in_progress', 'waiting_for_resident']);

export const isOpen = (iss) => OPEN.has(iss.status);
const sla = (iss) => iss.sla || {};
const routing = (iss) => iss.routing || {};

/** isOverdue: an open issue past a deadline, as the server's sweeper says. */
export const isOverdue = (iss) => isOpen(iss) && !!(sla(iss).response_overdue || sla(iss).resolution_overdue);

function label(prefix, code) {
  return has(prefix + code) ? t(prefix + code) : code || '';
}

export function statusBadge(status) {
  return el('span', { class: 'badge status-' + status }, label('status.', status));
}

/** deadlineBadges flags overdue open issues and issues resolved late. */
export function deadlineBadges(iss) {
  const s = sla(iss);
  if (isOpen(iss)) {
    if (s.resolution_overdue) return [el('span', { class: 'badge overdue' }, t('badge.overdue'))];
    if (s.response_overdue) return [el('span', { class: 'badge overdue' }, t('badge.responseOverdue'))];
  } else if (s.resolved_on_time === false && iss.status !== 'rejected') {
    return [el('span', { class: 'badge late' }, t('issue.late'))];
  }
  return [];
}

/**
 * deadline says when the issue is due (the missed response deadline while
 * nobody has answered), or that its clock is paused.
 */
export function deadline(iss) {
  const s = sla(iss);
  if (iss.status === 'waiting_for_resident') return t('issue.paused');
  if (!isOpen(iss)) return iss.resolved_at ? t('issue.resolvedAt') + ': ' + fmtDateTime(iss.resolved_at) : t('dash');
  if (s.response_overdue && !s.resolution_overdue && !s.first_response_at && s.response_due) {
    return t('issue.responseDue') + ': ' + fmtDateTime(s.response_due);
  }
  return t('issue.resolutionDue') + ': ' + fmtDateTime(s.resolution_due);
}

/** issueItem is one line of an issue list, linking to href. */
export function issueItem(iss, href, { current = false } = {}) {
  const r = routing(iss);
  const thumb = listThumb(iss, 'list-thumb');
  return el(
    'li',
    { class: 'issue-item' + (isOverdue(iss) ? ' is-overdue' : '') + (current ? ' is-current' : '') + (thumb ? ' has-thumb' : '') },
    thumb,
    el(
      'div',
      { class: 'issue-item-head' },
      el('a', { href, class: 'issue-link', 'aria-current': current ? 'true' : undefined }, iss.title),
      el('span', { class: 'badges' }, statusBadge(iss.status), deadlineBadges(iss)),
    ),
    el(
      'p',
      { class: 'meta' },
      el('span', { class: 'code' }, iss.code),
      el('span', {}, categoryName(iss.category)),
      iss.location && iss.location.ward ? el('span', {}, wardName(iss.location.ward)) : null,
      el('span', {}, departmentName(r.department)),
    ),
    el('p', { class: 'meta deadline' + (isOverdue(iss) ? ' is-overdue' : '') }, deadline(iss)),
  );
}

/** issueRow is one row of the dashboard's dense table of issues. */
export function issueRow(iss, href, { current = false, assignee = '', selectable = false, selected = false, onSelect } = {}) {
  const over = isOverdue(iss);
  return el(
    'tr',
    { class: 'issue-row' + (over ? ' is-overdue' : '') + (current ? ' is-current' : ''), 'data-code': iss.code },
    el(
      'td',
      {},
      selectable
        ? el('input', {
            type: 'checkbox',
            class: 'select',
            'aria-label': t('bulk.selectOne', { code: iss.code }),
            checked: selected,
            onchange: (e) => onSelect && onSelect(e.target.checked),
          })
        : null,
    ),
    // The thumbnail goes under the code, whose column has room for it,
    // so the title keeps its width.
    el('td', { class: 'code' }, iss.code, listThumb(iss, 'row-thumb')),
    el(
      'td',
      {},
      el('a', { href, class: 'issue-link', 'aria-current': current ? 'true' : undefined }, iss.title),
      el('div', { class: 'meta small' }, categoryName(iss.category), iss.location && iss.location.ward ? ' · ' + wardName(iss.location.ward) : ''),
    ),
    el('td', {}, el('span', { class: 'badges' }, statusBadge(iss.status), deadlineBadges(iss))),
    el('td', { class: 'deadline' + (over ? ' is-overdue' : '') }, deadline(iss)),
    el('td', { class: 'assignee' }, assignee || t('bulk.nobody')),
  );
}

function fact(term, ...value) {
  const v = value.flat().filter((x) => x !== null && x !== undefined && x !== '');
  if (!v.length) return [];
  return [el('dt', {}, term), el('dd', {}, ...v)];
}

function facts(iss) {
  const r = routing(iss);
  const s = sla(iss);
  const loc = iss.location || {};
  const coords = loc.lat != null && loc.lon != null ? fmtCoords(loc.lat, loc.lon) : '';
  let due = s.resolution_due ? fmtDateTime(s.resolution_due) : '';
  if (iss.status === 'waiting_for_resident') due = t('issue.paused');
  let onTime = '';
  if (s.resolved_on_time === true) onTime = t('issue.onTime');
  if (s.resolved_on_time === false) onTime = t('issue.late');
  return el(
    'dl',
    { class: 'facts' },
    fact(t('issue.category'), categoryName(iss.category)),
    fact(t('issue.ward'), loc.ward ? wardName(loc.ward) : ''),
    fact(t('issue.department'), departmentName(r.department), r.level ? ' (' + label('level.', r.level) + ')' : ''),
    fact(t('issue.coHandling'), (r.co_handling || []).map(departmentName).join('; ')),
    fact(t('issue.why'), pick(r, 'explain')),
    fact(t('issue.address'), loc.address || ''),
    fact(t('issue.coords'), coords),
    fact(t('issue.created'), iss.created_at ? timeEl(iss.created_at) : ''),
    fact(t('issue.responseDue'), isOpen(iss) && s.response_due && !s.first_response_at ? timeEl(s.response_due) : ''),
    fact(t('issue.resolutionDue'), isOpen(iss) ? due : ''),
    fact(t('issue.resolvedAt'), iss.resolved_at ? timeEl(iss.resolved_at) : '', onTime ? ' – ' + onTime : ''),
    fact(t('issue.supporters'), iss.supporters ? fmtNumber(iss.supporters) : ''),
    fact(t('issue.speaksFor'), iss.reporter && iss.reporter.people_count ? t('issue.speaksForN', { n: fmtNumber(iss.reporter.people_count) }) : ''),
    fact(t('issue.rating'), iss.rating ? el('span', { class: 'rating', 'aria-label': t('issue.ratingN', { n: iss.rating }) }, '★'.repeat(iss.rating) + '☆'.repeat(5 - iss.rating), ' ' + iss.rating + '/5') : ''),
  );
}

/** photoURL is where a photo of an issue is served (photos are public). */
export function photoURL(iss, ph) {
  return '/api/v1/public/issues/' + encodeURIComponent(iss.code) + '/photos/' + encodeURIComponent(ph.id);
}

/**
 * thumbURL is where its thumbnail is: a small JPEG (the full photo when
 * none could be made), so lists and pages never load photos of megabytes.
 */
export function thumbURL(iss, ph) {
  return photoURL(iss, ph) + '/thumb';
}

/** storedPhotos are the photos that can be shown (not still in Telegram). */
const storedPhotos = (iss) => (iss.photos || []).filter((p) => p.size > 0);

/**
 * listThumb is the thumbnail of an issue's first photo (the reporter's,
 * else an "after" one) for a list, linking to the full photo; null when
 * the issue has none.
 */
function listThumb(iss, cls) {
  const list = storedPhotos(iss);
  const ph = list.find((p) => !p.after) || list[0];
  if (!ph) return null;
  return el(
    'a',
    { class: cls + '-link', href: photoURL(iss, ph), target: '_blank', rel: 'noopener' },
    el('img', { class: cls, src: thumbURL(iss, ph), alt: t('photo.ofIssue', { code: iss.code }), loading: 'lazy', decoding: 'async' }),
  );
}

function outcome(iss, sub) {
  const out = [];
  if (iss.resolution) {
    out.push(el('div', { class: 'outcome' }, el(sub, {}, t('issue.resolution')), el('p', { class: 'prewrap' }, iss.resolution)));
  }
  if (iss.rejection) {
    out.push(
      el(
        'div',
        { class: 'outcome rejected' },
        el(sub, {}, t('issue.rejection')),
        el('p', {}, label('reason.', iss.rejection.reason)),
        iss.rejection.note ? el('p', { class: 'prewrap' }, iss.rejection.note) : null,
        iss.duplicate_of ? el('p', {}, t('issue.duplicateOf', { code: iss.duplicate_of })) : null,
      ),
    );
  }
  return out;
}

/**
 * photos shows the reporter's "before" photos and the officials' "after"
 * pictures as thumbnails, each linking to its full photo, through the
 * public photo route (an <img> cannot send a token; photos are public,
 * like Open311's media_url). Photos still being fetched from Telegram
 * (size 0) are left out.
 */
function photos(iss, sub) {
  const list = storedPhotos(iss);
  if (!list.length) return null;
  const figure = (p) => {
    const caption = t(p.after ? 'photo.after' : 'photo.before');
    return el(
      'figure',
      { class: 'photo' + (p.after ? ' after' : '') },
      el(
        'a',
        { href: photoURL(iss, p), target: '_blank', rel: 'noopener', title: t('photo.full') },
        el('img', { src: thumbURL(iss, p), alt: caption, loading: 'lazy', decoding: 'async' }),
      ),
      el('figcaption', {}, caption),
    );
  };
  return el('section', { class: 'photos' }, el(sub, {}, t('issue.photos')), el('div', { class: 'photo-grid' }, ...list.map(figure)));
}

function reporter(iss, sub) {
  const r = iss.reporter || {};
  const c = r.contact || {};
  return el(
    'section',
    { class: 'reporter' },
    el(sub, {}, t('issue.reporter')),
    el(
      'dl',
      { class: 'facts' },
      fact(t('issue.reporterKind'), label('kind.', r.kind)),
      fact(t('issue.channel'), r.channel ? label('channel.', r.channel) : ''),
      fact(t('issue.contactName'), c.name || ''),
      fact(t('issue.contactPhone'), c.phone || ''),
      fact(t('issue.contactEmail'), c.email || ''),
      fact(t('issue.peopleCount'), r.people_count ? fmtNumber(r.people_count) : ''),
    ),
  );
}

function actorText(a, staff) {
  if (!a) return '';
  switch (a.kind) {
    case 'official': {
      const dept = a.department ? departmentName(a.department) : '';
      if (staff && a.name) return dept ? a.name + ' – ' + dept : a.name;
      return dept || a.name || t('actor.official');
    }
    case 'organisation':
      return a.name || t('actor.organisation');
    default:
      return label('actor.', a.kind);
  }
}

function eventDetail(e) {
  switch (e.type) {
    case 'routed':
      return e.to ? '→ ' + departmentName(e.to) : '';
    case 'transferred':
    case 'escalated':
    case 'returned':
      return (e.from ? departmentName(e.from) + ' ' : '') + '→ ' + departmentName(e.to);
    case 'rejected':
      return label('reason.', e.to);
    case 'marked_duplicate':
      return t('issue.duplicateOf', { code: e.to });
    case 'rated':
      return e.to || '';
    case 'edited':
      // Officials see the text as it was before the edit.
      return e.from ? t('issue.before') + ': ' + e.from : '';
    default:
      return '';
  }
}

/** timeline lists the events, oldest first; internal notes are marked. */
export function timeline(events, staff) {
  return el(
    'ol',
    { class: 'timeline' },
    (events || []).map((e) => {
      const internal = e.public === false;
      const detail = eventDetail(e);
      return el(
        'li',
        { class: 'event ev-' + e.type + (internal ? ' internal' : ''), 'data-type': e.type },
        el(
          'div',
          { class: 'event-head' },
          el('strong', {}, label('ev.', e.type)),
          internal ? el('span', { class: 'badge internal' }, t('badge.internal')) : null,
          timeEl(e.at),
        ),
        el('div', { class: 'event-actor' }, actorText(e.actor, staff)),
        detail ? el('div', { class: 'event-detail' }, detail) : null,
        e.message ? el('p', { class: 'prewrap event-msg' }, e.message) : null,
      );
    }),
  );
}

/**
 * issueDetail renders a whole issue. staff adds the reporter's contact
 * (the API sends it only to officials handling the issue).
 */
export function issueDetail(iss, { staff = false, heading = 'h1', headingId, assignee = '' } = {}) {
  const r = routing(iss);
  const sub = heading === 'h1' ? 'h2' : 'h3';
  return el(
    'article',
    { class: 'issue-detail' },
    el('p', { class: 'code' }, el('span', { class: 'sr-only' }, t('issue.code') + ': '), iss.code),
    el(heading, { id: headingId, class: 'issue-title' }, iss.title),
    el(
      'div',
      { class: 'badges' },
      statusBadge(iss.status),
      deadlineBadges(iss),
      r.level ? el('span', { class: 'badge level' }, label('level.', r.level)) : null,
    ),
    outcome(iss, sub),
    el('section', {}, el(sub, {}, t('issue.description')), el('p', { class: 'prewrap' }, iss.description || '')),
    photos(iss, sub),
    el('section', {}, el(sub, {}, t('issue.details')), facts(iss), staff ? el('dl', { class: 'facts' }, fact(t('col.assignee'), assignee || t('bulk.nobody'))) : null),
    staff ? reporter(iss, sub) : null,
    el('section', {}, el(sub, {}, t('issue.timeline')), timeline(iss.timeline, staff)),
  );
}
