// The vertical feed: one clip a screen, the visible one playing (muted until tapped), the next one preloaded.
import { api, ApiError } from './api.js';
import { h, page, toast, describe, problem, onLeave, state, captionTrack, ask, deadline } from './ui.js';
import { report } from './moderation.js';
import { ownClipView } from './create.js';

const PAGE = 10;

/** A feed item (as /v1/feed gives it) from a video object, for a clip shown on its own. */
function itemOf(video) {
  const content = `/v1/videos/${video.id}/content`;
  return {
    id: video.id, author: video.author ?? '', caption: video.caption, seconds: video.seconds, size: video.size,
    remix_label: video.remix?.label ?? null, posted: video.posted_at !== null,
    content: { video: content, preview: `${content}?variant=preview`, poster: `${content}?variant=thumbnail`, captions: `${content}?variant=captions` },
  };
}

/** Plays the clip most in view, pauses the rest, and has the one after it load ahead. */
function player(list) {
  const seen = new Map();
  const observer = new IntersectionObserver(entries => {
    for (const entry of entries) seen.set(entry.target, entry.intersectionRatio);
    const clips = [...list.querySelectorAll('.clip')];
    const current = clips.reduce((best, clip) => ((seen.get(clip) ?? 0) > (seen.get(best) ?? 0) ? clip : best), clips[0]);
    for (const clip of clips) {
      const video = clip.querySelector('video');
      if (clip === current && (seen.get(clip) ?? 0) > 0.6) {
        video.play().catch(() => {});
      } else {
        video.pause();
      }
    }

    const next = clips[clips.indexOf(current) + 1]?.querySelector('video');
    if (next && next.preload !== 'auto') {
      next.preload = 'auto';
      next.load();
    }
  }, { root: list, threshold: [0, 0.6, 1] });
  onLeave(() => observer.disconnect());
  return observer;
}

function clipCard(item, { shared = null } = {}) {
  const video = h('video', {
    src: item.content.preview, poster: item.content.poster, muted: true, loop: true, playsinline: true, preload: 'metadata',
    'aria-label': `Clip by @${item.author}${item.caption ? `: ${item.caption}` : ''}`,
  }, captionTrack(item.content.captions));
  video.muted = true;
  let counted = false;
  video.addEventListener('timeupdate', () => {
    if (!counted && !shared && video.duration && video.currentTime >= video.duration - 0.35) {
      counted = true;
      api(`/v1/videos/${item.id}/views`, { method: 'POST' }).catch(() => {});
    }
  });
  const sound = h('button', { class: 'sound', 'aria-pressed': 'false', onclick: () => {
    video.muted = !video.muted;
    sound.setAttribute('aria-pressed', String(!video.muted));
    sound.textContent = video.muted ? 'Sound off' : 'Sound on';
  } }, 'Sound off');
  video.addEventListener('click', () => sound.click());

  const labels = h('p', { class: 'labels' }, h('span', { class: 'label' }, 'AI-generated'), item.remix_label ? h('span', { class: 'label remix' }, item.remix_label) : null);
  const about = h('div', { class: 'about' },
    item.author ? h('a', { class: 'author', href: `#/u/${item.author}` }, `@${item.author}`) : null,
    item.caption ? h('p', { class: 'caption' }, item.caption) : null,
    labels);
  const card = h('article', { class: 'clip', 'data-id': item.id, 'aria-label': `Clip by @${item.author}` }, video, about, sound);
  if (!shared && state.me) card.append(actions(item));
  return card;
}

function actions(item) {
  const like = h('button', { class: 'like', 'aria-pressed': 'false', onclick: async () => {
    const liking = like.getAttribute('aria-pressed') !== 'true';
    try {
      const counts = await api(`/v1/videos/${item.id}/likes`, { method: liking ? 'POST' : 'DELETE' });
      showCounts(counts);
    } catch (error) {
      toast(describe(error));
    }
  } }, 'Like');
  const likes = h('span', { class: 'count', 'aria-live': 'polite' });
  const refresh = () => api(`/v1/videos/${item.id}/likes`).then(showCounts).catch(() => {});
  const comments = h('button', { class: 'comment', onclick: () => openComments(item, refresh) }, 'Comments');
  const share = h('button', { class: 'share', onclick: async () => {
    try {
      const link = await api(`/v1/videos/${item.id}/shares`, { method: 'POST' });
      const url = new URL(link.url, location.origin).href;
      await navigator.clipboard?.writeText(url).catch(() => {});
      toast(`Share link: ${url}`);
    } catch (error) {
      toast(describe(error));
    }
  } }, 'Share');
  const remix = h('a', { class: 'button remix', href: `#/create?remix=${item.id}` }, 'Remix');
  function showCounts(counts) {
    like.setAttribute('aria-pressed', String(counts.liked));
    like.textContent = counts.liked ? 'Liked' : 'Like';
    likes.textContent = `${counts.likes} ${counts.likes === 1 ? 'like' : 'likes'}`;
    comments.textContent = `Comments (${counts.comments})`;
  }

  if (item.posted !== false) refresh();
  const reporting = item.author === state.me.username ? null
    : h('button', { class: 'secondary', onclick: () => report({ video_id: item.id }, `@${item.author}'s post`) }, 'Report');
  return h('div', { class: 'actions', role: 'group', 'aria-label': 'Clip actions' }, like, likes, comments, share, remix, reporting);
}

/** The post's comments in a sheet, with a form to add one; <paramref>onCommented</paramref> runs after each. */
async function openComments(item, onCommented) {
  const list = h('ol', { class: 'comments' });
  const error = h('p', { class: 'error', role: 'alert' });
  async function load() {
    const page = await api(`/v1/videos/${item.id}/comments?limit=50`);
    list.replaceChildren(...page.data.map(comment => h('li', {}, h('strong', {}, comment.author ? `@${comment.author}` : 'deleted'), ' ', comment.text)));
  }

  const form = h('form', { onsubmit: async event => {
    event.preventDefault();
    try {
      await api(`/v1/videos/${item.id}/comments`, { method: 'POST', json: { text: new FormData(form).get('text') } });
      form.reset();
      onCommented();
      await load();
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } }, h('label', {}, 'Add a comment', h('input', { name: 'text', required: true, maxlength: '1000' })), h('button', { type: 'submit' }, 'Send'), error);
  const dialog = h('dialog', { class: 'sheet', 'aria-label': 'Comments', onclose: () => dialog.remove() },
    h('h2', {}, 'Comments'), list, form, h('button', { onclick: () => dialog.close() }, 'Close'));
  document.body.append(dialog);
  dialog.showModal();
  await load().catch(failure => (error.textContent = describe(failure)));
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
    if (!list.querySelector('.clip')) {
      list.append(h('p', { class: 'empty' }, kind === 'following'
        ? 'Nothing here yet: follow people to see their posts.'
        : 'Nothing new to show: come back soon.'));
    }
  }

  list.addEventListener('scroll', () => {
    if (list.scrollTop + list.clientHeight * 2 > list.scrollHeight) loadMore().catch(error => toast(describe(error)));
  });
  const keys = event => {
    if (!['ArrowDown', 'ArrowUp', 'j', 'k'].includes(event.key) || event.target.closest('input, textarea, dialog')) return;
    event.preventDefault();
    const down = event.key === 'ArrowDown' || event.key === 'j';
    list.scrollBy({ top: (down ? 1 : -1) * list.clientHeight, behavior: 'instant' });
  };
  document.addEventListener('keydown', keys);
  onLeave(() => document.removeEventListener('keydown', keys));
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
      problem(error), h('a', { class: 'button', href: '#/feed/for_you' }, 'Back to the feed')));
    return;
  }

  const mine = video.author === state.me.username;
  if (mine && video.posted_at === null) return ownClipView(video);
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
    h('video', { src: `/v1/videos/${video.id}/content?variant=review`, controls: true, loop: true, playsinline: true, 'aria-label': `@${video.author}'s clip with your cameo` }),
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
    page.show('Not found', h('p', { class: 'error', role: 'alert' }, 'This link opens nothing (any more).'));
    return;
  }

  const list = h('section', { class: 'feed single', 'aria-label': 'Shared clip' });
  page.show(`@${item.author}`, h('h1', { class: 'visually-hidden' }, `A clip by @${item.author}`), list);
  const card = clipCard(item, { shared: token });
  list.append(card);
  player(list).observe(card);
}
