// The app's shell: who is signed in and the routes (#/…), each to its page's module.
import { api, ApiError, listen } from './api.js';
import { h, page, describe, problem, state, runLeaving } from './ui.js';

/**
 * Each page's module, loaded when first opened (the feed's with the page itself, see index.html): a phone on a slow
 * network fetches what the page it opens needs, and the rest once that page is shown.
 */
const pages = {
  feed: () => import('./feed.js'),
  discover: () => import('./search.js'),
  create: () => import('./create.js'),
  notifications: () => import('./notifications.js'),
  profile: () => import('./profile.js'),
  cameo: () => import('./cameo.js'),
  moderation: () => import('./moderation.js'),
  settings: () => import('./settings.js'),
};

/** The shortest password the API takes. */
const PASSWORD_MIN = 10;

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
  page.show('Account suspended', h('section', { class: 'card', 'aria-labelledby': 'suspended-title' },
    h('h1', { id: 'suspended-title' }, 'Your account is suspended'),
    h('p', {}, 'A moderator suspended it for breaking the rules: you can’t use Sora until a moderator reinstates it.'),
    problem(error),
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

/** Where a signed-out person was going (a shared link, a notification's page): the sign-in takes them there. */
const afterSignIn = {
  hash: null,
  keep(hash) { if (hash && !/^#\/(signin|signup|signout)/.test(hash)) this.hash = hash; },
  take() { const hash = this.hash; this.hash = null; return hash; },
};

function signInView(message = null) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'signin-title', onsubmit: async event => {
    event.preventDefault();
    const fields = new FormData(form);
    try {
      await api('/v1/sessions', { method: 'POST', json: { username: fields.get('username'), password: fields.get('password') } });
      await signedIn();
      location.hash = afterSignIn.take() ?? '#/feed/following';
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } },
  h('h1', { id: 'signin-title' }, 'Sign in'),
  h('p', { class: 'muted' }, 'Sora makes short videos with sound from what you write, and shares them with the people you follow.'),
  message ? h('p', { role: 'status' }, message) : null,
  h('label', {}, 'Username', h('input', { name: 'username', autocomplete: 'username', required: true })),
  h('label', {}, 'Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  error,
  h('button', { type: 'submit' }, 'Sign in'),
  h('p', {}, 'New here? ', h('a', { href: '#/signup' }, 'Join with an invite code')));
  page.show('Sign in', form);
}

function signUpView() {
  const error = h('p', { class: 'error', role: 'alert' });
  const username = h('input', { name: 'username', required: true, autocomplete: 'username', pattern: '[A-Za-z0-9._]{3,30}', 'aria-describedby': 'username-hint' });
  const usernameHint = h('p', { id: 'username-hint', class: 'muted' }, '3 to 30 letters, digits, dots or underscores.');
  const password = h('input', { name: 'password', type: 'password', required: true, minlength: String(PASSWORD_MIN), maxlength: '128', autocomplete: 'new-password', 'aria-describedby': 'password-hint' });
  // What the API would refuse, said while it is typed: a username is kept in lower case, a password holds no username.
  const check = () => {
    const name = username.value.trim();
    usernameHint.textContent = name && name !== name.toLowerCase() ? `Usernames are lower case: you will be @${name.toLowerCase()}.` : '3 to 30 letters, digits, dots or underscores.';
    password.setCustomValidity(name.length >= 3 && password.value.toLowerCase().includes(name.toLowerCase()) ? 'The password must not contain your username.' : '');
  };
  username.addEventListener('input', check);
  password.addEventListener('input', check);
  const form = h('form', { class: 'card', 'aria-labelledby': 'signup-title', onsubmit: async event => {
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(form));
    try {
      await api('/v1/accounts', { method: 'POST', json: fields });
      await signedIn();
      location.hash = afterSignIn.take() ?? '#/feed/for_you';
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } },
  h('h1', { id: 'signup-title' }, 'Join Sora'),
  h('label', {}, 'Invite code', h('input', { name: 'invite_code', required: true, autocomplete: 'off' })),
  h('label', {}, 'Username', username), usernameHint,
  h('label', {}, 'Birthdate', h('input', { name: 'birthdate', type: 'date', required: true })),
  h('label', {}, 'Password', password), h('p', { id: 'password-hint', class: 'muted' }, `At least ${PASSWORD_MIN} characters, not your username.`),
  error,
  h('button', { type: 'submit' }, 'Join'),
  h('p', {}, 'Have an account? ', h('a', { href: '#/signin' }, 'Sign in')));
  page.show('Join', form);
}

async function signOut() {
  // A session that has ended already (the account deleted, the password changed elsewhere) is as good as signed out.
  await api('/v1/sessions/current', { method: 'DELETE' }).catch(error => { if (!(error instanceof ApiError && error.status === 401)) throw error; });
  stopShell();
  location.hash = '#/signin';
}

async function route() {
  runLeaving();
  waitingToGoOnline = false;
  // The page being left takes no more input while the next one loads (what is typed there would be lost).
  document.getElementById('main').inert = true;
  const [path, query = ''] = location.hash.slice(1).split('?');
  const [section = '', ...rest] = path.split('/').filter(Boolean);
  const parameters = new URLSearchParams(query);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  try {
    if (location.pathname.startsWith('/shared/')) return await (await pages.feed()).sharedView(decodeURIComponent(location.pathname.slice('/shared/'.length)));
    if (section === 'signup') return signUpView();
    if (section === 'signin') return signInView();
    if (!(await signedIn())) {
      afterSignIn.keep(location.hash);
      return signInView();
    }
    switch (section) {
      case 'discover': return await (await pages.discover()).discoverView(parameters);
      case 'create': return await (await pages.create()).createView(parameters);
      case 'v': return await (await pages.feed()).clipView(rest[0]);
      case 'notifications': return await (await pages.notifications()).notificationsView();
      case 'u': {
        const { profileView, followsView } = await pages.profile();
        return ['followers', 'following'].includes(rest[1]) ? await followsView(rest[0], rest[1]) : await profileView(rest[0], parameters);
      }
      case 'cameo': return await (await pages.cameo()).cameoView(parameters);
      case 'moderation': return await (await pages.moderation()).moderationView(parameters);
      case 'me': return await (await pages.profile()).profileView(null, parameters);
      case 'settings': return await (await pages.settings()).settingsView();
      case 'signout': return await signOut();
      default: return await (await pages.feed()).feedView(rest[0] === 'for_you' ? 'for_you' : 'following');
    }
  } catch (failure) {
    if (failure instanceof ApiError && failure.code === 'AUTH.MEMBER_SUSPENDED') suspendedView(failure);
    else if (failure instanceof ApiError && failure.status === 401) {
      // The session ended elsewhere (signed out, the password changed): sign in again, and come back here.
      stopShell();
      afterSignIn.keep(location.hash);
      signInView('You were signed out. Sign in again to go on.');
    }
    else if (failure instanceof TypeError && !navigator.onLine) {
      // Shown again by itself when the connection is back.
      waitingToGoOnline = true;
      page.show('You’re offline', h('section', { class: 'card' }, h('h1', {}, 'You’re offline'),
        h('p', {}, 'This page opens as soon as you’re back online.'), h('button', { onclick: route }, 'Try again')));
    }
    else page.show('Something went wrong', h('section', { class: 'card' }, h('h1', {}, 'Something went wrong'), problem(failure),
      h('button', { onclick: route }, 'Try again')));
  }
}

/** A page that could not open offline: it opens when the connection is back. */
let waitingToGoOnline = false;
const offline = h('p', { class: 'offline', role: 'status', hidden: navigator.onLine }, 'You’re offline: what you see may be out of date.');
document.body.append(offline);
window.addEventListener('offline', () => (offline.hidden = false));
window.addEventListener('online', () => {
  offline.hidden = true;
  if (waitingToGoOnline) route();
});

page.reload = route;
window.addEventListener('hashchange', route);
// A link to where the page already is opens it afresh (a new Create after a draft, the feed reloaded), as a tap would.
document.addEventListener('click', event => {
  const link = event.target.closest?.('a[href^="#"]');
  if (link && link.getAttribute('href') === location.hash && !event.defaultPrevented) {
    event.preventDefault();
    route();
  }
});
// The other pages' modules load once the first page is shown, so that opening one later waits for nothing.
route().then(() => setTimeout(() => Object.values(pages).forEach(load => load().catch(() => {})), 1000));
