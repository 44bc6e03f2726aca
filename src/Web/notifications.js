// Notifications: what happened, newest first, each linking to what it is about, with who did it and when; repeats
// about one clip are grouped ("@leo and 3 others liked your clip"). Opening the page marks them read (the badge
// follows, live).
import { api } from './api.js';
import { h, page, ago, avatar, toast, describe } from './ui.js';

/** What each kind says, given who did it ("@leo", "@leo and 3 others"). */
const SAYS = {
  follow: who => `${who} followed you`,
  like: who => `${who} liked your clip`,
  comment: who => `${who} commented on your clip`,
  reply: who => `${who} replied to your comment`,
  remix: who => `${who} remixed your clip`,
  cameo_used: who => `${who} cast your cameo in a clip`,
  review_requested: who => `${who} asks you to review a clip with your cameo before it is made`,
  report_actioned: () => 'Your report led to an action. Thank you.',
  report_dismissed: () => 'Your report was reviewed: no rule was broken.',
  content_removed: () => 'Moderation removed your clip or comment.',
  content_restored: () => 'Moderation restored your clip.',
  video_ready: () => 'Your clip is ready: post it, or keep it in your drafts.',
  video_failed: () => 'Your clip could not be made: see why, and try again.',
  video_taken_down: who => `${who}, who appears in your clip, took it down.`,
  review_declined: who => `${who} declined to appear in your clip: it was not made.`,
};

/** Kinds that many people do to one clip: grouped into one line. */
const GROUPED = new Set(['like', 'comment', 'remix']);

/** The notifications as lines: a grouped kind's notifications about one clip become one, at its newest. */
function lines(notifications) {
  const shown = [];
  const groups = new Map();
  for (const notification of notifications) {
    const key = GROUPED.has(notification.kind) && notification.video_id ? `${notification.kind} ${notification.video_id}` : null;
    const group = key ? groups.get(key) : null;
    if (group) {
      if (notification.actor && !group.actors.includes(notification.actor)) group.actors.push(notification.actor);
      group.read &&= notification.read;
      continue;
    }
    const line = { ...notification, actors: notification.actor ? [notification.actor] : [], avatar: notification.actor_avatar_url };
    if (key) groups.set(key, line);
    shown.push(line);
  }
  return shown;
}

const who = actors => (actors.length === 0 ? 'Someone'
  : actors.length === 1 ? `@${actors[0]}`
  : `@${actors[0]} and ${actors.length - 1} ${actors.length === 2 ? 'other' : 'others'}`);

/** Follow back, for a follower one does not follow yet. */
async function followBack(username) {
  const profile = await api(`/v1/members/${encodeURIComponent(username)}`).catch(() => null);
  if (!profile?.relationship || profile.relationship.following) return null;
  const button = h('button', { class: 'secondary small', onclick: async () => {
    try {
      await api(`/v1/members/${encodeURIComponent(username)}/follow`, { method: 'POST' });
      button.replaceWith(h('span', { class: 'muted' }, 'Following'));
    } catch (error) {
      toast(describe(error));
    }
  } }, 'Follow back');
  return button;
}

async function item(line) {
  const text = (SAYS[line.kind] ?? (() => 'Something happened'))(who(line.actors));
  const href = line.video_id ? `#/v/${line.video_id}` : line.kind === 'follow' && line.actors[0] ? `#/u/${line.actors[0]}` : null;
  const thumbnail = line.video_id && !['video_failed', 'video_taken_down', 'review_declined', 'content_removed'].includes(line.kind)
    ? h('img', { class: 'thumbnail', src: `/v1/videos/${line.video_id}/content?variant=thumbnail`, alt: '', loading: 'lazy', onerror: event => event.target.remove() })
    : null;
  return h('li', { class: line.read ? 'read' : 'unread' },
    line.actors[0] ? avatar(line.actors[0], line.avatar) : h('span', { class: 'avatar small service', 'aria-hidden': 'true' }, 'S'),
    h('p', {}, href ? h('a', { href }, text) : text, ' ', ago(line.created_at)),
    line.kind === 'follow' && line.actors.length === 1 ? await followBack(line.actors[0]) : null,
    thumbnail);
}

export async function notificationsView() {
  const answer = await api('/v1/notifications?limit=50');
  const items = await Promise.all(lines(answer.data).map(item));
  page.show('Notifications', h('section', { class: 'card', 'aria-labelledby': 'notifications-title' },
    h('h1', { id: 'notifications-title' }, 'Notifications'),
    items.length ? h('ul', { class: 'notifications' }, ...items)
      : h('p', { class: 'empty' }, 'Nothing yet: when people follow you, like or comment on your clips, or cast your cameo, you hear of it here.')));
  if (answer.unread > 0) await api('/v1/notifications/read', { method: 'POST' });
}
