// A clip's Content Credentials: the label beside it that opens them, and the sheet that shows them.
import { api } from './api.js';
import { h, describe, deadline, fill } from './ui.js';

/** The "Content Credentials" label of clip <c>id</c>: a button that opens its credentials. */
export const credentialsButton = id =>
  h('button', { class: 'label credentials', type: 'button', 'aria-haspopup': 'dialog', onclick: () => credentialsSheet(id) }, 'Content Credentials');

/** What made the clip, from the IPTC source types its actions name: a model alone, a model and another clip, or edits only. */
function madeWith(actions) {
  const sources = actions.map(action => action.digital_source_type?.split('/').pop());
  return sources.includes('trainedAlgorithmicMedia') ? 'AI: generated, not filmed'
    : sources.includes('compositeWithTrainedAlgorithmicMedia') ? 'AI and another clip: continued by AI'
    : 'Edits of another clip';
}

/** How a clip relates to what it was made from, in words. */
const MADE_FROM = { inputTo: 'Remixed from', parentOf: 'Made from', componentOf: 'Uses' };

/** What the software that made a step is called, without the service's own name in front. */
const agentName = agent => agent?.replace(/^SoraFunctions\s*/, '') || null;

/**
 * The clip's Content Credentials, as a C2PA reader finds them in its file: what made it and when, what it came from,
 * who signed, and whether the file is as it was signed — the "cr" panel other apps show.
 */
async function credentialsSheet(id) {
  const body = h('div', { class: 'credentials-body', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Reading the clip’s credentials…'));
  const dialog = h('dialog', { class: 'sheet', 'aria-label': 'Content Credentials', onclose: () => dialog.remove() },
    h('h2', {}, 'Content Credentials'), body, h('button', { class: 'secondary', onclick: () => dialog.close() }, 'Close'));
  document.body.append(dialog);
  dialog.showModal();
  let credentials;
  try {
    credentials = await api(`/v1/videos/${id}/credentials`);
  } catch (error) {
    fill(body, h('p', { class: 'error' }, describe(error)));
    return;
  }

  if (credentials.state === 'none') {
    fill(body, h('p', {}, 'This clip was published before clips carried Content Credentials. Its label in the picture still says it was made with AI.'));
    return;
  }

  const verdict = credentials.state === 'invalid'
    ? h('p', { class: 'error' }, 'This file was changed after it was signed: what it says below can’t be relied on.')
    : h('p', {}, credentials.development_root
      ? 'Signed by this server with its own development certificate. Other apps will show the signer as unrecognized.'
      : credentials.state === 'trusted' ? 'Signed, and unchanged since.' : 'Signed and unchanged, by a signer this server doesn’t recognize.');
  const steps = credentials.actions.map(action => h('li', {},
    action.description ?? action.action.replace(/^c2pa\./, '').replace(/_/g, ' '),
    agentName(action.software_agent) ? h('span', { class: 'muted' }, ` · ${agentName(action.software_agent)}`) : null));
  const from = credentials.ingredients.map(ingredient => h('li', {},
    `${MADE_FROM[ingredient.relationship] ?? 'Made from'} ${ingredient.title.replace(/^A clip/, 'a clip')}`,
    ingredient.credentials_broken ? h('span', { class: 'error' }, ' (its credentials had been tampered with)')
      : ingredient.has_credentials ? null : h('span', { class: 'muted' }, ' (no credentials of its own)')));
  fill(body,
    h('dl', {},
      h('dt', {}, 'Made with'), h('dd', {}, madeWith(credentials.actions)),
      credentials.published_at ? [h('dt', {}, 'Published'), h('dd', {}, deadline(credentials.published_at))] : null,
      credentials.signer ? [h('dt', {}, 'Signed by'), h('dd', {}, credentials.signer)] : null,
      credentials.signed_at ? [h('dt', {}, 'Signed on'), h('dd', {}, deadline(credentials.signed_at))] : null),
    h('h3', {}, 'How it was made'), h('ol', { class: 'credential-steps' }, steps),
    from.length ? [h('h3', {}, 'What it came from'), h('ul', { class: 'credential-steps' }, from)] : null,
    verdict);
}
