// A member's profile: who they are, their counts, follow / mute / block, and their posts.
import { api, ApiError } from './api.js';
import { h, page, toast, describe, state, ago, count, ask, fill, handles, standing, avatar, postGrid, peopleList } from './ui.js';
import { report } from './moderation.js';

/** What a draft is doing, in words. */
function draftState(video) {
  if (video.status === 'queued') return standing(video) || 'Waiting for a free generator';
  if (video.status === 'in_progress') {
    return video.awaiting_review.length ? `Waiting for ${handles(video.awaiting_review)} to review it` : standing(video) || `Making it… ${video.progress}%`;
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
  let profile;
  let posts;
  try {
    [profile, posts] = await Promise.all([
      api(`/v1/members/${encodeURIComponent(name)}`),
      tab === 'liked' ? api('/v1/me/likes?limit=30').then(answer => answer.data)
        : tab === 'drafts' ? api('/v1/me/drafts?limit=30').then(answer => answer.data)
        : api(`/v1/members/${encodeURIComponent(name)}/videos?limit=30`).then(answer => answer.data),
    ]);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    return (await blocking(name)) ? blockedView(name) : missingView(name);
  }

  const counts = h('p', { class: 'counts' });
  const buttons = h('div', { class: 'actions', role: 'group', 'aria-label': 'Relationship' });
  function render(current) {
    const people = `#/u/${encodeURIComponent(name)}`;
    fill(counts, h('a', { href: `${people}/followers` }, count(current.followers, 'follower')), ' · ',
      h('a', { href: `${people}/following` }, `${current.following} following`));
    if (own) return fill(buttons, h('a', { class: 'button secondary', href: '#/settings' }, 'Settings'));
    const relation = current.relationship;
    const change = async (path, on) => {
      try {
        render(await api(`/v1/members/${encodeURIComponent(name)}/${path}`, { method: on ? 'DELETE' : 'POST' }));
      } catch (error) {
        toast(describe(error));
      }
    };
    fill(buttons,
      h('button', { class: relation.following ? 'secondary' : undefined, 'aria-pressed': String(relation.following), onclick: () => change('follow', relation.following) },
        relation.following ? 'Following' : relation.followed_by ? 'Follow back' : 'Follow'),
      relation.mutual ? h('span', { class: 'label' }, 'Mutuals') : null,
      h('button', { class: 'secondary small', 'aria-pressed': String(relation.muting), onclick: () => change('mute', relation.muting) }, relation.muting ? 'Muted' : 'Mute'),
      h('button', { class: 'secondary small', onclick: async () => {
        if (!(await ask(`Block @${name}? Neither of you will see the other's posts, comments or profile.`, 'Block'))) return;
        try {
          await api(`/v1/members/${encodeURIComponent(name)}/block`, { method: 'POST' });
          blockedView(name);
        } catch (error) {
          toast(describe(error));
        }
      } }, 'Block'),
      h('button', { class: 'secondary small', onclick: () => report({ username: name }, `@${name}`) }, 'Report'));
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
    : postGrid(tab === 'liked' ? 'Liked posts' : 'Posts', posts);
  page.show(`@${name}`, h('section', { class: 'card profile', 'aria-labelledby': 'profile-title' },
    profile.avatar_url ? h('img', { class: 'avatar', src: profile.avatar_url, alt: '' }) : null,
    h('h1', { id: 'profile-title' }, profile.display_name || `@${name}`),
    h('p', { class: 'muted' }, `@${name}`), profile.bio ? h('p', {}, profile.bio) : null, counts, buttons,
    tabs, shown));
}

/** Whether the member is one the viewer blocks (a page of their blocks at a time). */
async function blocking(name) {
  let after = null;
  for (let pages = 0; pages < 10; pages++) {
    const answer = await api(`/v1/me/blocks?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    if (answer.data.some(member => member.username === name)) return true;
    if (!answer.has_more) return false;
    after = answer.next;
  }
  return false;
}

/** A member the viewer blocks: nothing of theirs, and the way back. */
function blockedView(name) {
  page.show(`@${name}`, h('section', { class: 'card profile', 'aria-labelledby': 'profile-title' },
    h('h1', { id: 'profile-title' }, `You blocked @${name}`),
    h('p', {}, 'Neither of you sees the other’s posts, comments or profile.'),
    h('div', { class: 'actions' }, h('button', { class: 'secondary', onclick: async () => {
      try {
        await api(`/v1/members/${encodeURIComponent(name)}/block`, { method: 'DELETE' });
        toast(`You unblocked @${name}`);
        page.reload();
      } catch (error) {
        toast(describe(error));
      }
    } }, 'Unblock'))));
}

function missingView(name) {
  page.show('No such member', h('section', { class: 'card' }, h('h1', {}, 'No one here'),
    h('p', {}, `There is no member @${name}, or you can’t see them.`),
    h('a', { class: 'button', href: '#/feed/for_you' }, 'Back to the feed')));
}

/** Who follows the member, or whom they follow: faces and names, each opening their profile. */
export async function followsView(name, which) {
  const answer = await api(`/v1/members/${encodeURIComponent(name)}/${which}?limit=100`);
  const title = which === 'followers' ? `Followers of @${name}` : `Followed by @${name}`;
  page.show(title, h('section', { class: 'card', 'aria-labelledby': 'follows-title' },
    h('h1', { id: 'follows-title' }, title),
    answer.data.length
      ? peopleList(title, answer.data)
      : h('p', { class: 'empty' }, which === 'followers' ? 'No followers yet.' : 'Not following anyone yet.'),
    h('a', { href: `#/u/${encodeURIComponent(name)}` }, `Back to @${name}`)));
}
