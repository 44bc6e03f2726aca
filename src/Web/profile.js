// A member's profile: who they are, their counts, follow / mute / block, and their posts.
import { api } from './api.js';
import { h, page, toast, describe, state } from './app.js';
import { report } from './moderation.js';

/** A grid of posts' posters, each opening its clip. */
const grid = (label, posts) => h('ul', { class: 'grid', 'aria-label': label }, ...posts.map(post => h('li', {},
  h('a', { href: `#/v/${post.id}` }, h('img', { src: `/v1/videos/${post.id}/content?variant=thumbnail`, alt: post.caption || 'A post', loading: 'lazy' })))));

export async function profileView(username, parameters) {
  const name = username ?? state.me.username;
  const own = name === state.me.username;
  const liked = own && parameters.get('tab') === 'liked';
  const [profile, posts] = await Promise.all([
    api(`/v1/members/${encodeURIComponent(name)}`),
    liked ? api('/v1/me/likes?limit=30') : api(`/v1/members/${encodeURIComponent(name)}/videos?limit=30`),
  ]);
  const counts = h('p', { class: 'counts' });
  const buttons = h('div', { class: 'actions', role: 'group', 'aria-label': 'Relationship' });
  function render(current) {
    // Across a block (after blocking or unblocking) the answer carries no counts: the last ones shown stay.
    if (current.followers !== undefined) counts.textContent = `${current.followers} followers · ${current.following} following`;
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
  // Only you see what you liked.
  const tabs = own ? h('nav', { class: 'tabs', 'aria-label': 'Your posts and likes' },
    h('a', { href: '#/me', 'aria-current': liked ? null : 'page' }, 'Posts'),
    h('a', { href: '#/me?tab=liked', 'aria-current': liked ? 'page' : null }, 'Liked')) : null;
  page.show(`@${name}`, h('section', { class: 'card profile', 'aria-labelledby': 'profile-title' },
    profile.avatar_url ? h('img', { class: 'avatar', src: profile.avatar_url, alt: '' }) : null,
    h('h1', { id: 'profile-title' }, profile.display_name || `@${name}`),
    h('p', { class: 'muted' }, `@${name}`), profile.bio ? h('p', {}, profile.bio) : null, counts, buttons,
    tabs, posts.data.length ? grid(liked ? 'Liked posts' : 'Posts', posts.data) : h('p', { class: 'empty' }, liked ? 'No likes yet.' : 'No posts yet.')));
}
