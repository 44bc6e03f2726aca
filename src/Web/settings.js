// Settings: the profile others see, the avatar, the password, API keys for programs, invites to give, signing out and
// deleting the account.
import { api } from './api.js';
import { h, page, toast, describe, state, ask } from './ui.js';

/** A form whose submit runs <work> with its fields, showing a refusal in its own alert line. */
function form(title, fields, submit, work) {
  const error = h('p', { class: 'error', role: 'alert' });
  const id = `${title.toLowerCase().replace(/\W+/g, '-')}-title`;
  const element = h('form', { class: 'card', 'aria-labelledby': id, onsubmit: async event => {
    event.preventDefault();
    error.textContent = '';
    try {
      await work(new FormData(element), element);
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } }, h('h2', { id }, title), ...fields, error, submit);
  return element;
}

const when = seconds => new Date(seconds * 1000).toLocaleDateString();

export async function settingsView() {
  const [keys, invites] = await Promise.all([api('/v1/keys'), api('/v1/invites')]);
  const me = state.me;

  const avatar = h('img', { class: 'avatar', alt: 'Your avatar', src: me.avatar_url ?? '', hidden: !me.avatar_url });
  const profile = form('Profile', [
    h('label', {}, 'Display name', h('input', { name: 'display_name', maxlength: '50', value: me.display_name })),
    h('label', {}, 'Bio', h('textarea', { name: 'bio', rows: '3', maxlength: '300' }, me.bio)),
  ], h('button', { type: 'submit' }, 'Save profile'), async fields => {
    state.me = await api('/v1/me', { method: 'PATCH', json: { display_name: fields.get('display_name'), bio: fields.get('bio') } });
    toast('Profile saved');
  });

  const picture = h('input', { type: 'file', name: 'avatar', accept: 'image/png,image/jpeg,image/webp', required: true });
  const avatarForm = form('Avatar', [avatar, h('label', {}, 'Picture (PNG, JPEG or WebP, up to 5 MB)', picture)],
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Upload avatar'),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try {
          state.me = await api('/v1/me/avatar', { method: 'DELETE' });
          avatar.hidden = true;
          toast('Avatar removed');
        } catch (failure) {
          toast(describe(failure));
        }
      } }, 'Remove avatar')),
    async fields => {
      const file = fields.get('avatar');
      state.me = await api('/v1/me/avatar', { method: 'PUT', file });
      // The address is the same for a new picture: ask for it afresh.
      avatar.src = `${state.me.avatar_url}${state.me.avatar_url.includes('?') ? '&' : '?'}t=${Date.now()}`;
      avatar.hidden = false;
      toast('Avatar saved');
    });

  const password = form('Password', [
    h('label', {}, 'Current password', h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true })),
    h('label', {}, 'New password', h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', minlength: '10', required: true })),
  ], h('button', { type: 'submit' }, 'Change password'), async (fields, element) => {
    await api('/v1/me/password', { method: 'PUT', json: Object.fromEntries(fields) });
    element.reset();
    toast('Password changed; every other session is signed out');
  });

  const keyList = h('ul', { class: 'keys', 'aria-label': 'API keys' });
  const shown = h('div', { 'aria-live': 'polite' });
  function renderKeys(list) {
    keyList.replaceChildren(...list.filter(key => !key.revoked_at).map(key => h('li', {},
      h('span', {}, h('strong', {}, key.name), ` ${key.prefix}… · made ${when(key.created_at)} · `,
        key.last_used_at ? `last used ${when(key.last_used_at)}` : 'never used'),
      h('button', { class: 'secondary', onclick: async () => {
        try {
          await api(`/v1/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
          renderKeys((await api('/v1/keys')).data);
          toast(`Key ${key.name} revoked`);
        } catch (failure) {
          toast(describe(failure));
        }
      } }, `Revoke ${key.name}`))));
    if (!keyList.children.length) keyList.append(h('li', { class: 'muted' }, 'No keys.'));
  }
  renderKeys(keys.data);
  const keysForm = form('API keys', [
    h('p', { class: 'muted' }, 'Programs call the API with a key: Authorization: Bearer <key>.'), keyList,
    h('label', {}, 'New key\'s name', h('input', { name: 'name', maxlength: '64', required: true })), shown,
  ], h('button', { type: 'submit' }, 'Create key'), async (fields, element) => {
    const key = await api('/v1/keys', { method: 'POST', json: { name: fields.get('name') } });
    shown.replaceChildren(h('p', {}, 'Copy it now; it is not shown again: '), h('output', { class: 'secret', 'aria-label': 'New key' }, key.key));
    element.reset();
    renderKeys((await api('/v1/keys')).data);
  });

  const unused = invites.data.filter(invite => !invite.used);
  const invitesCard = h('section', { class: 'card', 'aria-labelledby': 'invites-title' }, h('h2', { id: 'invites-title' }, 'Invites'),
    unused.length
      ? h('ul', { class: 'invites', 'aria-label': 'Unused invite codes' }, ...unused.map(invite => h('li', {}, h('code', {}, invite.code))))
      : h('p', { class: 'muted' }, 'You have no invites left.'));

  const account = form('Account', [
    h('p', {}, h('a', { class: 'button secondary', href: '#/signout' }, 'Sign out')),
    h('p', { class: 'muted' }, 'Deleting your account signs you out everywhere, takes your posts down and erases your cameo.'),
    h('label', {}, 'Password to delete the account', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  ], h('button', { type: 'submit', class: 'danger' }, 'Delete my account'), async fields => {
    if (!(await ask('Delete your account for good? Your posts and your cameo go with it.', 'Delete my account'))) return;
    await api('/v1/me', { method: 'DELETE', json: { password: fields.get('password') } });
    location.hash = '#/signout';
  });

  page.show('Settings', h('div', { class: 'settings' }, h('h1', { class: 'visually-hidden' }, 'Settings'),
    profile, avatarForm, password, keysForm, invitesCard, account));
}
