// The helpers every page uses: the signed-in member, building elements, showing a page, toasts, errors in words.
import { api, ApiError } from './api.js';

export const state = { me: null };

/** An element with its attributes (on… become listeners) and children (strings become text, never HTML). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  return fill(element, ...children);
}

/** Replaces an element's children, leaving out what is absent (null, undefined, false), as <c>h</c> does: never a "null" on screen. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
  return element;
}

export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.textContent = ''), 5000);
}

/** An internal id in an API's sentence: written for programs, not people. */
const INTERNAL_ID = /\b(video|member|comment|cameo|challenge|case|whep)_[0-9a-f]{16,}\b/;

/** What a refusal that names an internal id means, by its status. */
const REFUSED = {
  403: 'You aren’t allowed to do that.',
  404: 'It isn’t there any more, or it isn’t shared with you.',
  409: 'That changed meanwhile: reload and try again.',
  410: 'It was taken down.',
};

/** What went wrong, in words: the API's own sentence (unless it names an internal id), or what a failed request means to the person. */
export function describe(error) {
  if (error instanceof ApiError) return INTERNAL_ID.test(error.message) ? REFUSED[error.status] ?? 'Something went wrong: try again.' : error.message;
  if (error instanceof TypeError) return 'Sora can’t be reached: check your connection and try again.';
  return String(error?.message ?? error);
}

/** What went wrong, for a page: the sentence, and the API's stable code in a details line for support. */
export const problem = error => h('div', { class: 'problem', role: 'alert' },
  h('p', { class: 'error' }, describe(error)),
  error instanceof ApiError ? h('p', { class: 'details' }, `Details for support: ${error.code}`) : null);

let leaving = [];

/** Runs when the page is left (streams closed, players stopped). */
export const onLeave = stop => leaving.push(stop);

/** Leaves the page shown: runs what it asked to run. */
export function runLeaving() {
  leaving.forEach(stop => stop());
  leaving = [];
}

function show(title, ...content) {
  document.title = `${title} · Sora`;
  const main = document.getElementById('main');
  main.inert = false;
  fill(main, ...content);
}

/** Shows a page; <c>reload</c> (set by the shell) shows the current address afresh. */
export const page = { show, reload: () => {} };

/** A moment as people read it in a feed: "now", "5 m", "3 h", "2 d", then the date; the exact time on hover. */
export function ago(unixSeconds) {
  const when = new Date(unixSeconds * 1000);
  const seconds = Math.max(0, (Date.now() - when.getTime()) / 1000);
  const text = seconds < 60 ? 'now'
    : seconds < 3600 ? `${Math.floor(seconds / 60)} m`
    : seconds < 86400 ? `${Math.floor(seconds / 3600)} h`
    : seconds < 7 * 86400 ? `${Math.floor(seconds / 86400)} d`
    : when.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: when.getFullYear() === new Date().getFullYear() ? undefined : 'numeric' });
  return h('time', { datetime: when.toISOString(), title: when.toLocaleString() }, text);
}

/** A moment ahead, as a deadline reads: "4 Dec 2026, 14:30", the exact time kept for machines. */
export function deadline(unixSeconds) {
  const when = new Date(unixSeconds * 1000);
  return h('time', { datetime: when.toISOString() }, when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

/**
 * Where a clip being made stands, in words: "3rd in line · ready in about 40 s", "Next in line · …", "Ready in about
 * 2 min" once it generates; nothing when the service has no estimate (an edit, or before its prompt is screened).
 */
export function standing(video) {
  if (video.estimated_completed_at == null) return '';
  const seconds = video.estimated_completed_at - Date.now() / 1000;
  const ready = seconds < 5 ? 'ready any moment now'
    : seconds < 60 ? `ready in about ${Math.ceil(seconds / 5) * 5} s`
    : `ready in about ${count(Math.round(seconds / 60), 'minute')}`;
  if (video.queue_position == null) return ready[0].toUpperCase() + ready.slice(1);
  const place = video.queue_position === 1 ? 'Next' : ordinal(video.queue_position);
  return `${place} in line · ${ready}`;
}

/** "2nd", "3rd", "11th", "22nd". */
const ordinal = n => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' })[n % 10] ?? 'th';
  return `${n}${suffix}`;
};

/** Members named in a sentence: "@mia", "@mia and @leo", "@mia, @leo and @zoe". */
export const handles = names => {
  const named = names.map(name => `@${name}`);
  return named.length < 2 ? named.join('') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
};

/** "1 like", "3 likes". */
export const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Asks before something that cannot be undone (a modal dialog: the question, the action and Cancel); resolves true
 * when the person confirms.
 */
export function ask(question, action) {
  return new Promise(resolve => {
    const dialog = h('dialog', { class: 'sheet ask', 'aria-label': question, onclose: () => { dialog.remove(); resolve(dialog.returnValue === 'yes'); } },
      h('form', { method: 'dialog' },
        h('p', {}, question),
        h('div', { class: 'actions' },
          h('button', { value: 'yes', class: 'danger' }, action),
          h('button', { value: 'no', class: 'secondary', autofocus: true }, 'Cancel'))));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A member's picture (its address as the API gives it), small and round; their initial where they have none. */
export function avatar(username, url, size = 'small') {
  return url ? h('img', { class: `avatar ${size}`, src: url, alt: '', loading: 'lazy' })
    : h('span', { class: `avatar ${size}`, 'aria-hidden': 'true' }, username.slice(0, 1).toUpperCase());
}

const ICONS = {
  heart: 'M12 20.5s-7.6-4.7-9.3-9.4C1.5 7.6 3.7 4 7.2 4c2.1 0 3.7 1.2 4.8 2.9C13.1 5.2 14.7 4 16.8 4c3.5 0 5.7 3.6 4.5 7.1-1.7 4.7-9.3 9.4-9.3 9.4z',
  comment: 'M4 4.5h16a1.5 1.5 0 0 1 1.5 1.5v10a1.5 1.5 0 0 1-1.5 1.5H10l-5 4v-4H4A1.5 1.5 0 0 1 2.5 16V6A1.5 1.5 0 0 1 4 4.5z',
  remix: 'M4 9h13l-3.5-3.5M20 15H7l3.5 3.5',
  share: 'M4 13v6a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-6M12 3.5v12M7.5 8 12 3.5 16.5 8',
  play: 'M8 5v14l11-7z',
  pause: 'M7 5h3.5v14H7zM13.5 5H17v14h-3.5z',
};

/** One of the app's icons (a line drawing in the text's colour), hidden from screen readers: its control names it. */
export function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon ${name}`);
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** A large number as feeds show it: 999, 1.2K, 3.4M. */
export const compact = n => new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n);

/** #hashtags and @mentions in a caption or comment, as the API reads them (a tag starts a word; a username is 3–30 of a–z, 0–9, . and _). */
const TAGGED = /(^|[^\p{L}\p{N}_])([#@])([\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*)/gu;

/** Text whose #hashtags open their posts and whose @mentions open the member's profile; the rest stays plain text. */
export function richText(text) {
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(TAGGED)) {
    const [, before, sign, word] = match;
    const start = match.index + before.length;
    const mention = sign === '@';
    if (mention && !/^[a-z0-9._]{3,30}$/i.test(word)) continue;
    parts.push(text.slice(at, start), h('a', {
      class: 'tag',
      href: mention ? `#/u/${encodeURIComponent(word.toLowerCase())}` : `#/discover?q=${encodeURIComponent(`#${word}`)}`,
    }, `${sign}${word}`));
    at = start + 1 + word.length;
  }
  parts.push(text.slice(at));
  return parts.filter(part => part !== '');
}

/** A grid of posts' posters (feed items or videos: an id and a caption), each opening its clip. */
export const postGrid = (label, posts) => h('ul', { class: 'grid', 'aria-label': label }, ...posts.map(post => h('li', {},
  h('a', { href: `#/v/${post.id}` }, h('img', { src: `/v1/videos/${post.id}/content?variant=thumbnail`, alt: post.caption || `A post by @${post.author ?? 'a member'}`, loading: 'lazy' })))));

/** Members as a list (their picture, display name and username, opening their profile), each with what <c>extra</c> adds (a Follow button). */
export const peopleList = (label, members, extra = () => null) => h('ul', { class: 'people', 'aria-label': label }, ...members.map(member => h('li', {},
  h('a', { href: `#/u/${encodeURIComponent(member.username)}` }, avatar(member.username, member.avatar_url),
    h('span', { class: 'who' }, h('strong', {}, member.display_name || `@${member.username}`), h('span', { class: 'muted' }, ` @${member.username}`))),
  extra(member))));

/** Follow, for a member in a list: one tap, then "Following". */
export const followButton = member => h('button', { class: 'small', 'aria-pressed': String(Boolean(member.relationship?.following)),
  disabled: Boolean(member.relationship?.following), onclick: async event => {
    const button = event.currentTarget;
    try {
      await api(`/v1/members/${encodeURIComponent(member.username)}/follow`, { method: 'POST' });
      button.textContent = 'Following';
      button.setAttribute('aria-pressed', 'true');
      button.disabled = true;
    } catch (error) {
      toast(describe(error));
    }
  } }, member.relationship?.following ? 'Following' : 'Follow', h('span', { class: 'visually-hidden' }, ` @${member.username}`));
