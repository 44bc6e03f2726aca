// Notifications: what happened, newest first; opening the page marks them read (the badge follows, live).
import { api } from './api.js';
import { h, page } from './app.js';

const SAYS = {
  follow: actor => `@${actor} followed you`,
  like: actor => `@${actor} liked your post`,
  comment: actor => `@${actor} commented on your post`,
  reply: actor => `@${actor} replied to your comment`,
  remix: actor => `@${actor} remixed your post`,
  cameo_used: actor => `@${actor} cast your cameo`,
  review_requested: actor => `@${actor} asks you to review a clip with your cameo`,
  report_actioned: () => 'Your report led to an action. Thank you.',
  report_dismissed: () => 'Your report was reviewed: no rule was broken.',
  content_removed: () => 'Your post or comment was removed by moderation.',
  content_restored: () => 'Your post was restored by moderation.',
};

export async function notificationsView() {
  const answer = await api('/v1/notifications?limit=50');
  const items = answer.data.map(n => h('li', { class: n.read ? 'read' : 'unread' },
    n.video_id ? h('a', { href: `#/v/${n.video_id}` }, (SAYS[n.kind] ?? (() => n.kind))(n.actor ?? 'someone')) : (SAYS[n.kind] ?? (() => n.kind))(n.actor ?? 'someone'),
    h('time', { datetime: new Date(n.created_at * 1000).toISOString() }, ` · ${new Date(n.created_at * 1000).toLocaleString()}`)));
  page.show('Notifications', h('section', { class: 'card', 'aria-labelledby': 'notifications-title' },
    h('h1', { id: 'notifications-title' }, 'Notifications'),
    items.length ? h('ul', { class: 'notifications' }, ...items) : h('p', { class: 'empty' }, 'Nothing yet.')));
  if (answer.unread > 0) await api('/v1/notifications/read', { method: 'POST' });
}
