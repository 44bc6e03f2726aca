// Reporting what should not be there, and the moderators' cases: the queue of open ones, most severe first, each acted
// on with a reason that is kept; what was removed or suspended, to restore on appeal.
import { api } from './api.js';
import { h, page, toast, describe, ask, ago, count } from './ui.js';

const REASONS = {
  self_harm: 'Self-harm', violence: 'Violence', sexual: 'Sexual content', hate: 'Hate', harassment: 'Harassment',
  likeness: 'Uses my likeness', spam: 'Spam', other: 'Something else',
};

/** A sheet to report a post, a comment or a member (<paramref>target</paramref> as /v1/reports takes it). */
export function report(target, what) {
  const error = h('p', { class: 'error', role: 'alert' });
  const reason = h('select', { name: 'reason', required: true }, ...Object.entries(REASONS).map(([value, label]) => h('option', { value }, label)));
  const details = h('textarea', { name: 'details', rows: '3', maxlength: '1000' });
  const dialog = h('dialog', { class: 'sheet', 'aria-label': `Report ${what}`, onclose: () => dialog.remove() },
    h('form', { method: 'dialog', onsubmit: async event => {
      event.preventDefault();
      try {
        await api('/v1/reports', { method: 'POST', json: { ...target, reason: reason.value, details: details.value } });
        dialog.close();
        toast('Reported. Thank you: moderators will look at it.');
      } catch (failure) {
        error.textContent = describe(failure);
      }
    } },
    h('h2', {}, `Report ${what}`), h('label', {}, 'Reason', reason), h('label', {}, 'Details (optional)', details), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Send report'), h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'))));
  document.body.append(dialog);
  dialog.showModal();
}

/** The cases of each status moderators work on: the queue, and what was removed or suspended (to restore on appeal). */
const LISTS = {
  open: { tab: 'Queue', empty: 'Nothing to review.' },
  removed: { tab: 'Removed', empty: 'Nothing removed.' },
  suspended: { tab: 'Suspended', empty: 'No one suspended.' },
};

const KINDS = { video: 'Post', comment: 'Comment', member: 'Member' };

/** What each action is called once done; the destructive ones ask first. */
const DONE = { dismiss: 'Dismissed', remove: 'Removed', suspend: 'Member suspended', restore: 'Restored' };
const QUESTIONS = {
  remove: target => `Remove this ${target.type === 'comment' ? 'comment' : 'post'}? Its owner is told.`,
  suspend: target => `Suspend @${target.owner ?? 'this member'}? Nothing of theirs can be used until a moderator reinstates them.`,
};

export async function moderationView(parameters) {
  const status = LISTS[parameters.get('status')] ? parameters.get('status') : 'open';
  const queue = await api(`/v1/moderation/cases?status=${status}&limit=50`);
  const cases = queue.data.map(moderationCase => {
    const reason = h('input', { name: 'reason', required: true, maxlength: '500' });
    const error = h('p', { class: 'error', role: 'alert' });
    const act = action => async () => {
      if (QUESTIONS[action] && !(await ask(QUESTIONS[action](moderationCase.target), DONE[action]))) return;
      try {
        await api(`/v1/moderation/cases/${moderationCase.id}/actions`, { method: 'POST', json: { action, reason: reason.value } });
        toast(DONE[action]);
        await moderationView(parameters);
      } catch (failure) {
        error.textContent = describe(failure);
      }
    };
    const target = moderationCase.target;
    const actions = status === 'open' ? [
      h('button', { class: 'secondary', onclick: act('dismiss') }, 'Dismiss'),
      target.type === 'member' ? null : h('button', { class: 'danger', onclick: act('remove') }, 'Remove'),
      h('button', { class: 'danger', onclick: act('suspend') }, 'Suspend the member'),
    ] : [
      status === 'removed' ? h('button', { class: 'danger', onclick: act('suspend') }, 'Suspend the member') : null,
      target.type === 'video' || status === 'suspended'
        ? h('button', { onclick: act('restore') }, status === 'suspended' ? 'Reinstate the member' : 'Restore the post') : null,
    ];
    return h('li', { class: 'case card', 'aria-label': `${KINDS[target.type] ?? 'Case'} by @${target.owner ?? 'someone'}` },
      h('h2', {}, `${KINDS[target.type] ?? 'Something'} by @${target.owner ?? 'someone'} · severity ${moderationCase.severity} · ${count(moderationCase.report_count, 'report')}`),
      // The clip itself, watched here: a draft the pipeline reported has no page anyone else may open.
      target.type === 'member' ? h('a', { href: `#/u/${target.owner}` }, `@${target.owner}`)
        : h('video', { class: 'evidence', src: `/v1/moderation/cases/${encodeURIComponent(moderationCase.id)}/content`, controls: true, muted: true, playsinline: true,
          preload: 'metadata', 'aria-label': `The clip this case is about, by @${target.owner ?? 'someone'}` }),
      h('ul', { 'aria-label': 'Reports' }, ...moderationCase.reports.map(r => h('li', {},
        r.reason === 'safety_warning' ? `Let through with a warning by content safety: ${r.details}`
          : `${REASONS[r.reason] ?? 'Reported'} — @${r.reporter ?? 'someone'}${r.details ? `: ${r.details}` : ''}`))),
      moderationCase.actions.length ? h('ul', { class: 'muted', 'aria-label': 'Actions taken' }, ...moderationCase.actions.map(a =>
        h('li', {}, `${DONE[a.action] ?? 'Acted on'} by @${a.moderator ?? 'someone'} `, ago(a.created_at), `: ${a.reason}`))) : null,
      h('label', {}, 'Reason', reason), error,
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' }, ...actions));
  });
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Cases' }, ...Object.entries(LISTS).map(([value, list]) =>
    h('a', { href: `#/moderation?status=${value}`, 'aria-current': value === status ? 'page' : null }, list.tab)));
  page.show('Moderation', h('section', { 'aria-labelledby': 'moderation-title' }, h('h1', { id: 'moderation-title', class: 'card' }, 'Moderation'), tabs,
    cases.length ? h('ol', { class: 'cases' }, ...cases) : h('p', { class: 'empty' }, LISTS[status].empty)));
}
