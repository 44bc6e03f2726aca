// The vertical feed: one clip a screen, the visible one playing (muted until tapped), the next one preloaded.
import { api, ApiError } from './api.js';
import { h, page, toast, describe, problem, onLeave, state, ask, deadline, fill, icon, compact, avatar, ago, richText, peopleList, followButton, postGrid } from './ui.js';
import { player, clipFrame, togglePlayback } from './player.js';
import { credentialsButton } from './credentials.js';

const PAGE = 10;

/** A feed item (as /v1/feed gives it) from a video object, for a clip shown on its own. */
function itemOf(video) {
  const content = `/v1/videos/${video.id}/content`;
  return {
    id: video.id, author: video.author ?? '', caption: video.caption, seconds: video.seconds, size: video.size,
    remix_label: video.remix?.label ?? null, remixed_from_video_id: video.remixed_from_video_id, posted: video.posted_at !== null,
    content: { video: content, preview: `${content}?variant=preview`, poster: `${content}?variant=thumbnail`, captions: `${content}?variant=captions` },
  };
}

/** Members' profiles as the API gives them, each asked once a visit (for their pictures beside clips and comments). */
const profiles = new Map();

/** A member's picture: their initial at once, their photo when their profile has one. */
function face(username) {
  if (!profiles.has(username)) profiles.set(username, api(`/v1/members/${encodeURIComponent(username)}`).catch(() => null));
  const holder = h('span', { class: 'face' }, avatar(username, null));
  profiles.get(username).then(profile => profile?.avatar_url && fill(holder, avatar(username, profile.avatar_url)));
  return holder;
}

/**
 * A clip as vertical-video apps show one (its player: tap to pause, double-tap to like, sound, scrub); beside it (over
 * its right edge on a phone, clear of the label burned in at the bottom) the author and the icon buttons with their
 * counts; under it the author, caption and labels.
 */
function clipCard(item, { shared = null } = {}) {
  const rail = !shared && state.me ? actions(item) : null;
  const frame = clipFrame({
    src: item.content.preview, poster: item.content.poster, captions: item.content.captions, size: item.size,
    label: `Clip by @${item.author}${item.caption ? `: ${item.caption}` : ''}`,
    // A view is a whole watch: the clip played to its end.
    onWatched: shared ? null : () => api(`/v1/videos/${item.id}/views`, { method: 'POST' }).catch(() => {}),
    onDoubleTap: rail?.like,
  });
  const remix = !item.remix_label ? null
    : item.remixed_from_video_id && !shared ? h('a', { class: 'label remix', href: `#/v/${item.remixed_from_video_id}` }, item.remix_label)
      : h('span', { class: 'label remix' }, item.remix_label);
  const labels = h('p', { class: 'labels' }, h('span', { class: 'label' }, 'AI-generated'), remix, shared ? null : credentialsButton(item.id));
  const about = h('div', { class: 'about' },
    item.author ? h('a', { class: 'author', href: `#/u/${item.author}` }, `@${item.author}`) : null,
    item.caption ? h('p', { class: 'caption' }, richText(item.caption)) : null,
    labels);
  return h('article', { class: 'clip', 'data-id': item.id, 'aria-label': `Clip by @${item.author}` },
    h('div', { class: 'stage' }, frame, rail?.element), about);
}

/** A count under an icon button: "1.2K" to the eye, "1,234 likes" to a screen reader. */
const tally = (n, one, many) => [compact(n), h('span', { class: 'visually-hidden' }, ` ${n === 1 ? one : many}`)];

/** The author and the icon buttons beside a clip: like, comments, remix, share (with Copy link and Report). */
function actions(item) {
  const likes = h('span', { class: 'count likes', 'aria-live': 'polite' });
  const comments = h('span', { class: 'count comments' });
  let current = null;
  const send = async liking => {
    try {
      showCounts(await api(`/v1/videos/${item.id}/likes`, { method: liking ? 'POST' : 'DELETE' }));
    } catch (error) {
      toast(describe(error));
    }
  };
  const like = h('button', { class: 'icon-button like', 'aria-pressed': 'false', onclick: () => send(like.getAttribute('aria-pressed') !== 'true') },
    icon('heart'), h('span', { class: 'visually-hidden' }, 'Like'));
  const refresh = () => api(`/v1/videos/${item.id}/likes`).then(showCounts).catch(() => {});
  const comment = h('button', { class: 'icon-button comments', onclick: () => openComments(item, refresh) }, icon('comment'), h('span', { class: 'visually-hidden' }, 'Comments'));
  const remix = h('a', { class: 'icon-button remix', href: `#/create?remix=${item.id}` }, icon('remix'), h('span', { class: 'visually-hidden' }, 'Remix'));
  const share = h('button', { class: 'icon-button share', onclick: () => shareSheet(item) }, icon('share'), h('span', { class: 'visually-hidden' }, 'Share'));
  const author = h('a', { class: 'author-face', href: `#/u/${item.author}`, 'aria-label': `@${item.author}` }, face(item.author));
  function showCounts(counts) {
    current = counts;
    like.setAttribute('aria-pressed', String(counts.liked));
    fill(likes, tally(counts.likes, 'like', 'likes'));
    fill(comments, tally(counts.comments, 'comment', 'comments'));
  }

  if (item.posted !== false) refresh();
  return {
    element: h('div', { class: 'rail', role: 'group', 'aria-label': 'Clip actions' },
      author, h('div', { class: 'action' }, like, likes), h('div', { class: 'action' }, comment, comments),
      h('div', { class: 'action' }, remix, h('span', { class: 'count' }, 'Remix')), h('div', { class: 'action' }, share, h('span', { class: 'count' }, 'Share'))),
    /** A double tap: likes, never unlikes. */
    like: () => current && !current.liked && send(true),
  };
}

/** How a post is passed on: the system's share sheet where there is one, a link to copy, and Report. */
function shareSheet(item) {
  let url = null;
  const link = h('input', { class: 'link', readonly: true, 'aria-label': 'Link to this clip', hidden: true });
  const status = h('p', { class: 'muted', role: 'status' });
  const made = async () => (url ??= new URL((await api(`/v1/videos/${item.id}/shares`, { method: 'POST' })).url, location.origin).href);
  const copy = async () => {
    try {
      link.value = await made();
    } catch (error) {
      status.textContent = describe(error);
      return;
    }

    link.hidden = false;
    try {
      await navigator.clipboard.writeText(link.value);
      status.textContent = 'Copied';
    } catch {
      link.select();
      status.textContent = 'Select the link to copy it.';
    }
  };
  const system = navigator.share ? h('button', { class: 'secondary', onclick: async () => {
    try {
      await navigator.share({ title: `A clip by @${item.author} on Sora`, url: await made() });
    } catch (error) {
      if (error?.name !== 'AbortError') status.textContent = describe(error);
    }
  } }, 'Share to…') : null;
  const reporting = item.author === state.me.username ? null
    : h('button', { class: 'secondary', onclick: () => { dialog.close(); import('./moderation.js').then(({ report }) => report({ video_id: item.id }, `@${item.author}'s post`)); } }, 'Report');
  const dialog = h('dialog', { class: 'sheet', 'aria-label': 'Share', onclose: () => dialog.remove() },
    h('h2', {}, 'Share'),
    h('div', { class: 'actions' }, h('button', { onclick: copy }, 'Copy link'), system, reporting),
    link, status,
    h('button', { class: 'secondary', onclick: () => dialog.close() }, 'Close'));
  document.body.append(dialog);
  dialog.showModal();
}

/**
 * The post's comments in a sheet, oldest first, each with its replies folded under it (one level, as the API has),
 * Reply, and Delete for its author and the post's owner; <paramref>onChanged</paramref> runs after each change.
 */
async function openComments(item, onChanged) {
  const list = h('ol', { class: 'comment-list' });
  const error = h('p', { class: 'error', role: 'alert' });
  let replyingTo = null;
  const replying = h('p', { class: 'replying', hidden: true });
  const input = h('input', { name: 'text', required: true, maxlength: '1000' });
  const field = h('label', {}, 'Add a comment', input);

  const entry = comment => {
    const mayDelete = !comment.deleted && (comment.author === state.me.username || item.author === state.me.username);
    return h('div', { class: 'comment-entry' },
      comment.author ? face(comment.author) : h('span', { class: 'avatar small', 'aria-hidden': 'true' }),
      h('div', {},
        h('p', { class: 'meta' }, h('strong', {}, comment.author ? `@${comment.author}` : 'A former member'), ' · ', ago(comment.created_at)),
        h('p', { class: comment.deleted ? 'muted' : '' }, comment.deleted ? 'Comment deleted' : richText(comment.text)),
        h('div', { class: 'comment-actions' },
          !comment.deleted && !comment.parent_id ? h('button', { class: 'link-button', onclick: () => reply(comment) }, 'Reply') : null,
          mayDelete ? h('button', { class: 'link-button', onclick: () => remove(comment) }, 'Delete') : null)));
  };

  async function load() {
    const page = await api(`/v1/videos/${item.id}/comments?limit=50`);
    const threads = await Promise.all(page.data.map(async comment => {
      const replies = (await api(`/v1/videos/${item.id}/comments?parent_id=${encodeURIComponent(comment.id)}&limit=50`)).data;
      return h('li', {}, entry(comment), replies.length
        ? h('details', { class: 'replies', open: replies.some(reply => reply.author === state.me.username) },
          h('summary', {}, replies.length === 1 ? 'View 1 reply' : `View ${replies.length} replies`),
          h('ol', {}, ...replies.map(reply => h('li', {}, entry(reply)))))
        : null);
    }));
    fill(list, threads.length ? threads : h('li', { class: 'muted' }, 'No comments yet: say something nice.'));
  }

  function reply(comment) {
    replyingTo = comment;
    fill(replying, comment ? [`Replying to @${comment.author} `, h('button', { type: 'button', class: 'link-button', onclick: () => reply(null) }, 'Cancel')] : null);
    replying.hidden = !comment;
    fill(field, comment ? 'Your reply' : 'Add a comment', input);
    input.focus();
  }

  async function remove(comment) {
    if (!(await ask('Delete this comment? It can’t be undone.', 'Delete'))) return;
    try {
      await api(`/v1/videos/${item.id}/comments/${comment.id}`, { method: 'DELETE' });
      onChanged();
      await load();
    } catch (failure) {
      error.textContent = describe(failure);
    }
  }

  const form = h('form', { onsubmit: async event => {
    event.preventDefault();
    try {
      await api(`/v1/videos/${item.id}/comments`, { method: 'POST', json: { text: input.value, parent_id: replyingTo?.id } });
      form.reset();
      reply(null);
      onChanged();
      await load();
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } }, replying, field, h('button', { type: 'submit' }, 'Send'), error);
  const dialog = h('dialog', { class: 'sheet', 'aria-label': 'Comments', onclose: () => dialog.remove() },
    h('h2', {}, 'Comments'), list, form, h('button', { class: 'secondary', onclick: () => dialog.close() }, 'Close'));
  document.body.append(dialog);
  dialog.showModal();
  await load().catch(failure => (error.textContent = describe(failure)));
}

/**
 * An empty Following feed (a new member's first look): creators to follow (Discover's), and the way to make a first
 * clip.
 */
async function welcome() {
  const discovery = await api('/v1/discover').catch(() => null);
  const creators = discovery?.creators.slice(0, 5) ?? [];
  return h('section', { class: 'card welcome', 'aria-labelledby': 'welcome-title' },
    h('h2', { id: 'welcome-title' }, 'Follow people to see their posts here'),
    creators.length ? [h('p', { class: 'muted' }, 'Creators to follow'), peopleList('Creators to follow', creators, followButton)] : null,
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/create' }, 'Make your first clip'), h('a', { class: 'button secondary', href: '#/discover' }, 'Discover')));
}

/** The Following or For You feed, a page at a time as it is scrolled. */
export async function feedView(kind) {
  const list = h('section', { class: 'feed', 'aria-label': kind === 'following' ? 'Following' : 'For You', tabindex: '0' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Feeds' },
    h('a', { href: '#/feed/following', role: 'tab', 'aria-selected': String(kind === 'following') }, 'Following'),
    h('a', { href: '#/feed/for_you', role: 'tab', 'aria-selected': String(kind === 'for_you') }, 'For You'));
  page.show(kind === 'following' ? 'Following' : 'For You', h('h1', { class: 'visually-hidden' }, kind === 'following' ? 'Following' : 'For You'), tabs, list);

  const observer = player(list);
  let cursor = null;
  let loading = false;
  let more = true;
  async function loadMore() {
    if (loading || !more) return;
    loading = true;
    const answer = await api(`/v1/feed/${kind}?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const item of answer.data) {
      const card = clipCard(item);
      list.append(card);
      observer.observe(card);
    }

    cursor = answer.next_cursor;
    more = answer.has_more;
    loading = false;
    if (more) return;
    if (list.querySelector('.clip')) {
      list.append(h('div', { class: 'caught-up' }, h('p', {}, 'You’re all caught up'),
        kind === 'following' ? h('a', { href: '#/feed/for_you' }, 'See more on For You') : h('a', { href: '#/create' }, 'Make a clip')));
    } else if (kind === 'following') {
      list.append(await welcome());
    } else {
      list.append(h('p', { class: 'empty' }, 'Nothing new to show: come back soon. ', h('a', { href: '#/create' }, 'Make a clip')));
    }
  }

  list.addEventListener('scroll', () => {
    if (list.scrollTop + list.clientHeight * 2 > list.scrollHeight) loadMore().catch(error => toast(describe(error)));
  });
  const step = down => list.scrollBy({ top: (down ? 1 : -1) * list.clientHeight, behavior: 'instant' });
  const keys = event => {
    if (event.target.closest('input, textarea, select, dialog')) return;
    if (event.key === ' ' && !event.target.closest('button, a')) {
      event.preventDefault();
      const video = list.querySelector('.clip.current video');
      if (video) togglePlayback(video);
    } else if (['ArrowDown', 'ArrowUp', 'j', 'k'].includes(event.key)) {
      event.preventDefault();
      step(event.key === 'ArrowDown' || event.key === 'j');
    }
  };
  document.addEventListener('keydown', keys);
  onLeave(() => document.removeEventListener('keydown', keys));
  // One wheel notch (or one flick of a trackpad) moves one clip, whatever the device sends in between.
  let wheeling = 0;
  list.addEventListener('wheel', event => {
    if (Math.abs(event.deltaY) < 4) return;
    event.preventDefault();
    if (performance.now() - wheeling > 450) step(event.deltaY > 0);
    wheeling = performance.now();
  }, { passive: false });
  onLeave(() => list.querySelectorAll('video').forEach(video => video.pause()));
  await loadMore();
}

/**
 * One clip on a page of its own; its owner may delete it, a cameo owner in it take it down, and one whose review it
 * waits for approve or decline it.
 */
export async function clipView(id) {
  let video;
  try {
    video = await api(`/v1/videos/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || ![404, 410].includes(error.status)) throw error;
    page.show('Not available', h('section', { class: 'card' }, h('h1', {}, error.status === 410 ? 'This clip was taken down' : 'No such clip'),
      problem(error),
      h('a', { class: 'button', href: '#/feed/for_you' }, 'Back to the feed')));
    return;
  }

  const mine = video.author === state.me.username;
  if (mine && video.posted_at === null) return (await import('./create.js')).ownClipView(video);
  if (video.awaiting_review.includes(state.me.username)) return reviewView(video);

  const list = h('section', { class: 'feed single', 'aria-label': 'Clip' });
  const inIt = video.cameos.some(cast => cast.username === state.me.username);
  const tools = h('div', { class: 'tools', role: 'group', 'aria-label': 'Clip tools' },
    mine || inIt ? h('button', { class: 'danger', onclick: async () => {
      if (!(await ask(mine ? 'Delete this clip? It is gone for good, with its likes and comments.'
        : 'Take this clip down? It is removed for everyone, and its author is told.', mine ? 'Delete' : 'Take down'))) return;
      try {
        await api(`/v1/videos/${video.id}`, { method: 'DELETE' });
        toast(mine ? 'Deleted' : 'Taken down');
        location.hash = '#/feed/following';
      } catch (error) {
        toast(describe(error));
      }
    } }, mine ? 'Delete' : 'Take down') : null);
  page.show('Clip', h('h1', { class: 'visually-hidden' }, 'Clip'), tools, list);
  if (video.status !== 'completed') {
    list.append(h('p', { class: 'empty' }, video.status === 'failed' ? `@${video.author}'s clip was not made.` : `@${video.author} is still making this clip.`));
    return;
  }

  const card = clipCard(itemOf(video));
  list.append(card);
  player(list).observe(card);
  const remixes = await api(`/v1/videos/${video.id}/remixes`).catch(() => null);
  if (remixes?.data.length) {
    list.after(h('section', { class: 'remixes', 'aria-labelledby': 'remixes-title' },
      h('h2', { id: 'remixes-title' }, remixes.data.length === 1 ? '1 remix' : `${remixes.data.length} remixes`), postGrid('Remixes', remixes.data)));
  }
}

/**
 * A clip that casts the member's cameo, waiting for their decision: they watch it first, then approve (it is
 * published) or decline (it is not), and see what they decided.
 */
function reviewView(video) {
  const decided = h('p', { role: 'status' });
  const decide = async decision => {
    try {
      await api(`/v1/videos/${video.id}/review`, { method: 'POST', json: { decision } });
      choices.replaceWith(decided);
      decided.textContent = decision === 'approve'
        ? `You approved it: @${video.author}'s clip is published once everyone in it has approved.`
        : `You declined it: @${video.author}'s clip will not be published.`;
    } catch (error) {
      toast(describe(error));
    }
  };
  const choices = h('div', { class: 'actions' },
    h('button', { onclick: () => decide('approve') }, 'Approve'),
    h('button', { class: 'secondary', onclick: () => decide('decline') }, 'Decline'));
  page.show('Review a clip', h('section', { class: 'card draft', 'aria-labelledby': 'review-title' },
    h('h1', { id: 'review-title' }, `Review @${video.author}'s clip`),
    h('p', {}, `@${video.author} cast your cameo in this clip. It is published only if you approve`,
      video.review_until ? [' — decide by ', deadline(video.review_until)] : null, '.'),
    clipFrame({ src: `/v1/videos/${video.id}/content?variant=review`, poster: null, captions: `/v1/videos/${video.id}/content?variant=captions`, size: video.size,
      label: `@${video.author}'s clip with your cameo`, autoplay: true }),
    h('p', { class: 'prompt' }, video.prompt),
    choices));
}

/** A post opened from a share link: anyone may watch it, no sign-in. */
export async function sharedView(token) {
  let item;
  try {
    item = await api(`/v1/shared/${encodeURIComponent(token)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    page.show('Link not found', h('section', { class: 'card', 'aria-labelledby': 'dead-link-title' },
      h('h1', { id: 'dead-link-title' }, 'This link opens nothing any more'),
      h('p', {}, 'Its clip was unposted or taken down, or whoever shared it ended the link.'),
      joinActions()));
    return;
  }

  const list = h('section', { class: 'feed single', 'aria-label': 'Shared clip' });
  page.show(`@${item.author}`, h('h1', { class: 'visually-hidden' }, `A clip by @${item.author}`),
    h('div', { class: 'join-bar' }, h('p', {}, h('strong', {}, 'Sora'), ' makes short videos with sound from a sentence.'), joinActions()), list);
  const card = clipCard(item, { shared: token });
  list.append(card);
  player(list).observe(card);
}

/** What someone who followed a shared link can do next: join, or sign in (the app lives at the site's root). */
const joinActions = () => h('div', { class: 'actions' },
  h('a', { class: 'button', href: '/#/signup' }, 'Join'), h('a', { class: 'button secondary', href: '/#/signin' }, 'Sign in'));
