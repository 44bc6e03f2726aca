// The helpers every page uses: the signed-in member, building elements, showing a page, toasts, errors in words.
import { ApiError } from './api.js';

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

/** A clip's captions (the words heard in it, WebVTT), shown unless the viewer turns them off. */
export function captionTrack(src) {
  const track = h('track', { kind: 'captions', srclang: 'en', label: 'English', src, default: true });
  // Lifted five lines from the bottom, clear of what is laid over the clip there (author, caption, labels, controls).
  track.addEventListener('load', () => { for (const cue of track.track.cues ?? []) cue.line = -5; });
  return track;
}

export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.textContent = ''), 5000);
}

/** What went wrong, in words: the API's own sentence, or what a failed request means to the person. */
export function describe(error) {
  if (error instanceof ApiError) return error.message;
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
