// The app's shell: who is signed in, the routes (#/…), and the small helpers every page uses.
import { api, ApiError, listen } from './api.js';
import { feedView, clipView, sharedView } from './feed.js';
import { createView } from './create.js';
import { notificationsView } from './notifications.js';
import { profileView } from './profile.js';
import { cameoView } from './cameo.js';
import { moderationView } from './moderation.js';
import { settingsView } from './settings.js';

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
  element.append(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
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

/** What went wrong, in words, with the API's stable code. */
export const describe = error => (error instanceof ApiError ? `${error.message} (${error.code})` : String(error.message ?? error));

let leaving = [];

/** Runs when the page is left (streams closed, players stopped). */
export const onLeave = stop => leaving.push(stop);

const main = document.getElementById('main');

function show(title, ...content) {
  document.title = `${title} · Sora`;
  main.replaceChildren(...content);
}

export const page = { show };

async function signedIn() {
  if (state.me) return true;
  try {
    state.me = await api('/v1/me');
    startShell();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return false;
    throw error;
  }
}

/** The signed-in member is suspended: every request of theirs is refused until a moderator reinstates them. */
function suspendedView(error) {
  stopShell();
  show('Account suspended', h('section', { class: 'card', 'aria-labelledby': 'suspended-title' },
    h('h1', { id: 'suspended-title' }, 'Your account is suspended'),
    h('p', {}, 'A moderator suspended it for breaking the rules: you can’t use Sora until a moderator reinstates it.'),
    h('p', { role: 'alert' }, describe(error)),
    h('a', { class: 'button secondary', href: '#/signin' }, 'Sign in as someone else')));
}

let stopUnread = null;

function startShell() {
  document.querySelector('.bar').hidden = false;
  document.querySelector('[data-nav="moderation"]').hidden = !['moderator', 'admin'].includes(state.me.role);
  stopUnread?.();
  const badge = document.getElementById('unread');
  stopUnread = listen('/v1/notifications/stream', 'unread', ({ unread }) => {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    badge.setAttribute('aria-label', `${unread} unread`);
  });
}

function stopShell() {
  stopUnread?.();
  stopUnread = null;
  state.me = null;
  document.querySelector('.bar').hidden = true;
}

function signInView() {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'signin-title', onsubmit: async event => {
    event.preventDefault();
    const fields = new FormData(form);
    try {
      await api('/v1/sessions', { method: 'POST', json: { username: fields.get('username'), password: fields.get('password') } });
      await signedIn();
      location.hash = '#/feed/following';
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } },
  h('h1', { id: 'signin-title' }, 'Sign in'),
  h('label', {}, 'Username', h('input', { name: 'username', autocomplete: 'username', required: true })),
  h('label', {}, 'Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  error,
  h('button', { type: 'submit' }, 'Sign in'),
  h('p', {}, 'New here? ', h('a', { href: '#/signup' }, 'Join with an invite code')));
  show('Sign in', form);
}

function signUpView() {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'signup-title', onsubmit: async event => {
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(form));
    try {
      await api('/v1/accounts', { method: 'POST', json: fields });
      await signedIn();
      location.hash = '#/feed/for_you';
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } },
  h('h1', { id: 'signup-title' }, 'Join Sora'),
  h('label', {}, 'Invite code', h('input', { name: 'invite_code', required: true, autocomplete: 'off' })),
  h('label', {}, 'Username', h('input', { name: 'username', required: true, autocomplete: 'username', pattern: '[A-Za-z0-9._]{3,30}' })),
  h('label', {}, 'Birthdate', h('input', { name: 'birthdate', type: 'date', required: true })),
  h('label', {}, 'Password', h('input', { name: 'password', type: 'password', required: true, minlength: '12', autocomplete: 'new-password' })),
  error,
  h('button', { type: 'submit' }, 'Join'),
  h('p', {}, 'Have an account? ', h('a', { href: '#/signin' }, 'Sign in')));
  show('Join', form);
}

async function signOut() {
  // A session that has ended already (the account deleted, the password changed elsewhere) is as good as signed out.
  await api('/v1/sessions/current', { method: 'DELETE' }).catch(error => { if (!(error instanceof ApiError && error.status === 401)) throw error; });
  stopShell();
  location.hash = '#/signin';
}

async function route() {
  leaving.forEach(stop => stop());
  leaving = [];
  const [path, query = ''] = location.hash.slice(1).split('?');
  const [section = '', ...rest] = path.split('/').filter(Boolean);
  const parameters = new URLSearchParams(query);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  try {
    if (location.pathname.startsWith('/shared/')) return await sharedView(decodeURIComponent(location.pathname.slice('/shared/'.length)));
    if (section === 'signup') return signUpView();
    if (section === 'signin' || !(await signedIn())) return signInView();
    switch (section) {
      case 'create': return await createView(parameters);
      case 'v': return await clipView(rest[0]);
      case 'notifications': return await notificationsView();
      case 'u': return await profileView(rest[0], parameters);
      case 'cameo': return await cameoView(parameters);
      case 'moderation': return await moderationView(parameters);
      case 'me': return await profileView(null, parameters);
      case 'settings': return await settingsView();
      case 'signout': return await signOut();
      default: return await feedView(rest[0] === 'for_you' ? 'for_you' : 'following');
    }
  } catch (failure) {
    if (failure instanceof ApiError && failure.code === 'AUTH.MEMBER_SUSPENDED') suspendedView(failure);
    else show('Something went wrong', h('p', { class: 'error', role: 'alert' }, describe(failure)));
  }
}

window.addEventListener('hashchange', route);
// A link to where the page already is opens it afresh (a new Create after a draft, the feed reloaded), as a tap would.
document.addEventListener('click', event => {
  const link = event.target.closest?.('a[href^="#"]');
  if (link && link.getAttribute('href') === location.hash && !event.defaultPrevented) {
    event.preventDefault();
    route();
  }
});
route();
