// A member's profile: who they are, their counts, follow / mute / block, and their posts.
import { api } from './api.js';
import { h, page, toast, describe, state } from './app.js';
import { report } from './moderation.js';

export async function profileView(username) {
  const name = username ?? state.me.username;
  const [profile, posts] = await Promise.all([
    api(`/v1/members/${encodeURIComponent(name)}`),
    api(`/v1/members/${encodeURIComponent(name)}/videos?limit=30`),
  ]);
  const own = profile.id === state.me.id;
  const counts = h('p', { class: 'counts' });
  const buttons = h('div', { class: 'actions', role: 'group', 'aria-label': 'Relationship' });
  function render(current) {
    counts.textContent = `${current.followers} followers · ${current.following} following`;
    if (own) return buttons.replaceChildren(h('a', { class: 'button secondary', href: '#/settings' }, 'Settings'));
    const relation = current.relationship;
    const toggle = (label, on, path) => h('button', { class: on ? 'secondary' : undefined, 'aria-pressed': String(on), onclick: async () => {
      try {
        render(await api(`/v1/members/${encodeURIComponent(name)}/${path}`, { method: on ? 'DELETE' : 'POST' }));
      } catch (error) {
        toast(describe(error));
      }
    } }, label);
    buttons.replaceChildren(
      toggle(relation.following ? 'Following' : 'Follow', relation.following, 'follow'),
      toggle(relation.muting ? 'Muted' : 'Mute', relation.muting, 'mute'),
      toggle(relation.blocking ? 'Blocked' : 'Block', relation.blocking, 'block'),
      relation.mutual ? h('span', { class: 'label' }, 'Mutuals') : null,
      h('button', { class: 'secondary', onclick: () => report({ username: name }, `@${name}`) }, 'Report'));
  }

  render(profile);
  const grid = h('ul', { class: 'grid', 'aria-label': 'Posts' }, ...posts.data.map(video => h('li', {},
    h('a', { href: `#/v/${video.id}` }, h('img', { src: `/v1/videos/${video.id}/content?variant=thumbnail`, alt: video.caption || 'A post', loading: 'lazy' })))));
  page.show(`@${name}`, h('section', { class: 'card profile', 'aria-labelledby': 'profile-title' },
    profile.avatar_url ? h('img', { class: 'avatar', src: profile.avatar_url, alt: '' }) : null,
    h('h1', { id: 'profile-title' }, profile.display_name || `@${name}`),
    h('p', { class: 'muted' }, `@${name}`), profile.bio ? h('p', {}, profile.bio) : null, counts, buttons,
    posts.data.length ? grid : h('p', { class: 'empty' }, 'No posts yet.')));
}
