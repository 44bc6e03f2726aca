// A member's profile: who they are, their counts, follow / mute / block, and their posts.
import { api } from './api.js';
import { h, page, toast, describe, state, ago, count, ask, fill, handles } from './ui.js';
import { report } from './moderation.js';

/** A grid of posts' posters, each opening its clip. */
const grid = (label, posts) => h('ul', { class: 'grid', 'aria-label': label }, ...posts.map(post => h('li', {},
  h('a', { href: `#/v/${post.id}` }, h('img', { src: `/v1/videos/${post.id}/content?variant=thumbnail`, alt: post.caption || 'A post', loading: 'lazy' })))));

/** What a draft is doing, in words. */
function draftState(video) {
  if (video.status === 'queued') return 'Waiting for a free generator';
  if (video.status === 'in_progress') {
    return video.awaiting_review.length ? `Waiting for ${handles(video.awaiting_review)} to review it` : `Making it… ${video.progress}%`;
  }
  return video.status === 'completed' ? 'Ready to post' : 'Not made';
}

const draftList = videos => h('ul', { class: 'drafts', 'aria-label': 'Drafts' }, ...videos.map(video => h('li', {},
  h('a', { href: `#/v/${video.id}` },
    video.status === 'completed'
      ? h('img', { class: 'poster', src: `/v1/videos/${video.id}/content?variant=thumbnail`, alt: '', loading: 'lazy' })
      : h('span', { class: 'poster', 'aria-hidden': 'true' }, video.status === 'failed' ? '✕' : '…'),
    h('span', { class: 'what' },
      h('span', {}, video.prompt),
      h('span', { class: `state ${video.status}` }, draftState(video), ' · ', ago(video.created_at)))))));

export async function profileView(username, parameters) {
  const name = username ?? state.me.username;
  const own = name === state.me.username;
  const tab = own && ['liked', 'drafts'].includes(parameters.get('tab')) ? parameters.get('tab') : 'posts';
  const [profile, posts] = await Promise.all([
    api(`/v1/members/${encodeURIComponent(name)}`),
    tab === 'liked' ? api('/v1/me/likes?limit=30').then(answer => answer.data)
      : tab === 'drafts' ? api('/v1/me/drafts?limit=30').then(answer => answer.data)
      : api(`/v1/members/${encodeURIComponent(name)}/videos?limit=30`).then(answer => answer.data),
  ]);
  const counts = h('p', { class: 'counts' });
  const buttons = h('div', { class: 'actions', role: 'group', 'aria-label': 'Relationship' });
  function render(current) {
    // Across a block (after blocking or unblocking) the answer carries no counts: the last ones shown stay.
    if (current.followers !== undefined) counts.textContent = `${count(current.followers, 'follower')} · ${current.following} following`;
    if (own) return fill(buttons, h('a', { class: 'button secondary', href: '#/settings' }, 'Settings'));
    const relation = current.relationship;
    const toggle = (label, on, path) => h('button', { class: on ? 'secondary' : undefined, 'aria-pressed': String(on), onclick: async () => {
      if (path === 'block' && !on && !(await ask(`Block @${name}? Neither of you will see the other's posts, comments or profile.`, 'Block'))) return;
      try {
        render(await api(`/v1/members/${encodeURIComponent(name)}/${path}`, { method: on ? 'DELETE' : 'POST' }));
      } catch (error) {
        toast(describe(error));
      }
    } }, label);
    fill(buttons,
      toggle(relation.following ? 'Following' : 'Follow', relation.following, 'follow'),
      toggle(relation.muting ? 'Muted' : 'Mute', relation.muting, 'mute'),
      toggle(relation.blocking ? 'Blocked' : 'Block', relation.blocking, 'block'),
      relation.mutual ? h('span', { class: 'label' }, 'Mutuals') : null,
      h('button', { class: 'secondary', onclick: () => report({ username: name }, `@${name}`) }, 'Report'));
  }

  render(profile);
  // Only you see your drafts and what you liked.
  const tabs = own ? h('nav', { class: 'tabs', 'aria-label': 'Your clips' },
    h('a', { href: '#/me', 'aria-current': tab === 'posts' ? 'page' : null }, 'Posts'),
    h('a', { href: '#/me?tab=drafts', 'aria-current': tab === 'drafts' ? 'page' : null }, 'Drafts'),
    h('a', { href: '#/me?tab=liked', 'aria-current': tab === 'liked' ? 'page' : null }, 'Liked')) : null;
  const shown = !posts.length
    ? h('p', { class: 'empty' }, tab === 'liked' ? 'No likes yet.'
      : tab === 'drafts' ? ['Nothing in the making. ', h('a', { href: '#/create' }, 'Make a clip')]
      : own ? ['No posts yet. ', h('a', { href: '#/create' }, 'Make your first clip')] : 'No posts yet.')
    : tab === 'drafts' ? draftList(posts)
    : grid(tab === 'liked' ? 'Liked posts' : 'Posts', posts);
  page.show(`@${name}`, h('section', { class: 'card profile', 'aria-labelledby': 'profile-title' },
    profile.avatar_url ? h('img', { class: 'avatar', src: profile.avatar_url, alt: '' }) : null,
    h('h1', { id: 'profile-title' }, profile.display_name || `@${name}`),
    h('p', { class: 'muted' }, `@${name}`), profile.bio ? h('p', {}, profile.bio) : null, counts, buttons,
    tabs, shown));
}
