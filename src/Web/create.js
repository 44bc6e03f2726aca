// Create: a prompt (reviewed while it is typed), the clip's shape, an image to start from and edits; or a remix's new
// prompt. Then the clip taking shape step by step, live from the pipeline, and the draft to post or discard.
import { api, listen } from './api.js';
import { h, page, toast, describe, onLeave, ask, fill, handles, deadline, standing } from './ui.js';
import { clipFrame } from './player.js';
import { credentialsButton } from './credentials.js';

const SECONDS = ['4', '8', '12', '16', '20'];
const STEPS = {
  ValidatePrompt: 'Checking the prompt', ScreenInput: 'Screening the request', WaitForGenerator: 'Waiting for a free generator',
  RunGeneration: 'Generating picture and sound',
  SyncAudio: 'Syncing the sound', PostEdit: 'Editing and checking quality', ScreenOutput: 'Screening the clip',
  CheckConsent: 'Asking the cameos again', Publish: 'Publishing',
};

/**
 * Reviews the prompt while it is typed: how specific it is and what it could add (not for a remix, whose words change
 * a scene already whole), and what the clip will show and leave out.
 */
function reviewer(prompt, feedback, remix) {
  let timer = null;
  let asked = 0;
  prompt.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      if (!prompt.value.trim()) return fill(feedback);
      try {
        const review = await api('/v1/prompts/review', { method: 'POST', json: { prompt: prompt.value } });
        if (mine !== asked) return;
        const meter = h('meter', { min: '0', max: '1', low: '0.4', optimum: '1', value: String(review.specificity), 'aria-label': 'Specificity' });
        if (review.screening.verdict === 'block') {
          // What would be refused is said now, not after Create; nothing else of it is coached.
          return fill(feedback, h('p', { class: 'error', role: 'status' }, h('strong', {}, 'This would be refused. '), review.screening.message));
        }
        fill(feedback,
          review.screening.verdict === 'warn' ? h('p', { class: 'not-depicted', role: 'status' }, review.screening.message) : null,
          remix ? null : h('p', {}, meter, ` ${review.vague ? 'Vague' : 'Specific'} (${Math.round(review.specificity * 100)}%)`,
            review.covered.length ? ` — covers ${review.covered.join(', ')}` : ''),
          review.depicted?.length ? h('p', { class: 'depicted' }, h('strong', {}, 'Will show: '), review.depicted.join(', ')) : null,
          review.not_depicted?.length
            ? h('p', { class: 'not-depicted', role: 'status' }, h('strong', {}, 'Left out: '),
              `${review.not_depicted.join(', ')} — the generator can't draw ${review.not_depicted.length === 1 ? 'this' : 'these'} yet.`)
            : null,
          !remix && review.suggestions.length ? h('ul', { class: 'suggestions' }, ...review.suggestions.map(text => h('li', {}, text))) : null);
      } catch (error) {
        feedback.textContent = describe(error);
      }
    }, 250);
  });
}

/**
 * Suggests the cameos the member may cast while an @name is typed (a list under the prompt, its active one announced
 * as the prompt's active descendant; a textarea may not take the combobox role): arrows move, Enter or Tab picks,
 * Escape closes.
 */
function mentions(prompt, castable) {
  const list = h('ul', { id: 'mention-list', class: 'mentions', role: 'listbox', 'aria-label': 'Cameos you may cast', hidden: true });
  prompt.setAttribute('aria-autocomplete', 'list');
  prompt.setAttribute('aria-controls', list.id);
  let matches = [];
  let active = 0;
  const typed = () => /@([A-Za-z0-9._]*)$/.exec(prompt.value.slice(0, prompt.selectionStart));
  function close() {
    matches = [];
    list.hidden = true;
    prompt.removeAttribute('aria-activedescendant');
  }
  function render() {
    list.replaceChildren(...matches.map((cameo, index) => h('li', {
      id: `mention-${index}`, role: 'option', 'aria-selected': String(index === active),
      onmousedown: event => { event.preventDefault(); pick(cameo); },
    }, `@${cameo.username}`, h('span', { class: 'muted' }, ` ${cameo.name}`))));
    list.hidden = false;
    prompt.setAttribute('aria-activedescendant', `mention-${active}`);
  }
  function pick(cameo) {
    const at = typed();
    const start = prompt.selectionStart - at[0].length;
    prompt.setRangeText(`@${cameo.username} `, start, prompt.selectionStart, 'end');
    prompt.dispatchEvent(new Event('input'));
    close();
  }
  prompt.addEventListener('input', () => {
    const at = typed();
    matches = at ? castable.filter(cameo => cameo.username.startsWith(at[1].toLowerCase())).slice(0, 6) : [];
    active = 0;
    if (matches.length && !(matches.length === 1 && matches[0].username === at[1].toLowerCase())) render();
    else close();
  });
  prompt.addEventListener('keydown', event => {
    if (!matches.length || list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      active = (active + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      pick(matches[active]);
    } else if (event.key === 'Escape') {
      close();
    } else {
      return;
    }
    event.preventDefault();
  });
  prompt.addEventListener('blur', close);
  return list;
}

export async function createView(parameters) {
  const remixOf = parameters.get('remix');
  const again = parameters.get('again');
  const [parent, castable, earlier] = await Promise.all([
    remixOf ? api(`/v1/videos/${encodeURIComponent(remixOf)}`) : null,
    api('/v1/videos/characters/castable'),
    again ? api(`/v1/videos/${encodeURIComponent(again)}`).catch(() => null) : null,
  ]);
  const feedback = h('div', { id: 'prompt-feedback', class: 'feedback', 'aria-live': 'polite' });
  const prompt = h('textarea', { name: 'prompt', rows: '4', required: true, maxlength: '4000', 'aria-describedby': 'prompt-feedback',
    placeholder: remixOf ? 'What changes: "at night", "in the snow", "they dance"…' : 'Who, doing what, where, how it looks and sounds; "quoted lines" are spoken; @name casts a cameo.' });
  reviewer(prompt, feedback, Boolean(remixOf));
  const suggestions = mentions(prompt, castable.data);
  const error = h('p', { class: 'error', role: 'alert' });
  const shape = remixOf ? [] : [
    h('label', {}, 'Duration', h('select', { name: 'seconds' }, ...SECONDS.map(s => h('option', { value: s, selected: s === '8' }, `${s} seconds`)))),
    h('fieldset', {}, h('legend', {}, 'Orientation'),
      h('label', {}, h('input', { type: 'radio', name: 'size', value: '720x1280', checked: true }), 'Portrait'),
      h('label', {}, h('input', { type: 'radio', name: 'size', value: '1280x720' }), 'Landscape')),
    h('label', {}, 'Model', h('select', { name: 'model' }, h('option', { value: 'sora-2' }, 'sora-2'), h('option', { value: 'sora-2-pro' }, 'sora-2-pro'))),
    h('label', {}, 'Start from an image (optional)', h('input', { type: 'file', name: 'input_reference', accept: 'image/png,image/jpeg,image/webp' })),
    h('fieldset', {}, h('legend', {}, 'Edits'),
      h('label', {}, h('input', { type: 'checkbox', name: 'loop' }), 'Loop seamlessly'),
      h('label', {}, h('input', { type: 'checkbox', name: 'stabilize' }), 'Stabilize'),
      h('label', {}, 'Color grade', h('select', { name: 'grade' }, ...['', 'natural', 'warm', 'cool', 'noir', 'vivid', 'film'].map(p => h('option', { value: p }, p || 'none'))))),
  ];
  const form = h('form', { class: 'card', 'aria-labelledby': 'create-title', onsubmit: async event => {
    event.preventDefault();
    error.textContent = '';
    try {
      const video = remixOf
        ? await api(`/v1/videos/${encodeURIComponent(remixOf)}/remix`, { method: 'POST', json: { prompt: prompt.value } })
        : await api('/v1/videos', { method: 'POST', form: request(form) });
      location.hash = `#/v/${video.id}`;
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } },
  h('div', { class: 'heading' }, h('h1', { id: 'create-title' }, remixOf ? `Remix @${parent.author ?? 'a clip'}` : 'Create'),
    h('a', { href: '#/me?tab=drafts' }, 'Your drafts')),
  remixOf ? h('p', {}, `Keeps the scene of “${parent.prompt}” and changes what you say.`) : null,
  h('label', {}, 'Prompt', prompt), suggestions, feedback, ...shape, error,
  h('button', { type: 'submit' }, remixOf ? 'Remix' : 'Create'));
  page.show(remixOf ? 'Remix' : 'Create', form);
  if (earlier) {
    // Trying again: the prompt and shape the clip was asked with, to change.
    prompt.value = earlier.prompt;
    for (const name of ['seconds', 'size', 'model']) if (form.elements[name]) form.elements[name].value = earlier[name];
    prompt.dispatchEvent(new Event('input'));
  }
  prompt.focus();
}

/** The form as the API's multipart request: its fields, the edits as JSON, and the image if one was chosen. */
function request(form) {
  const fields = new FormData(form);
  const body = new FormData();
  for (const name of ['prompt', 'seconds', 'size', 'model']) body.append(name, fields.get(name));
  const edits = [];
  if (fields.get('loop')) edits.push({ type: 'loop' });
  if (fields.get('stabilize')) edits.push({ type: 'stabilize' });
  if (fields.get('grade')) edits.push({ type: 'grade', preset: fields.get('grade') });
  if (edits.length) body.append('edits', JSON.stringify(edits));
  const image = fields.get('input_reference');
  if (image && image.size > 0) body.append('input_reference', image, image.name);
  return body;
}

/**
 * One of the member's own clips not posted, on its own page (#/v/…): taking shape, step by step, live from the
 * pipeline — a page one may leave and come back to, or find in Drafts; then the draft to post or discard, or what
 * went wrong and a way to try again.
 */
export function ownClipView(video) {
  if (video.status === 'queued' || video.status === 'in_progress') return progressView(video);
  if (video.status === 'completed') return draftView(video);
  return failedView(video);
}

function progressView(video) {
  const bar = h('progress', { max: '100', value: String(video.progress), 'aria-label': 'Progress' });
  const steps = h('ol', { class: 'steps', 'aria-live': 'polite' });
  const status = h('p', { class: 'status', role: 'status' });
  const cancel = h('button', { class: 'secondary', onclick: async () => {
    if (!(await ask('Stop making this clip? What is done so far is thrown away.', 'Stop it'))) return;
    api(`/v1/videos/${video.id}/cancel`, { method: 'POST' }).catch(error => toast(describe(error)));
  } }, 'Cancel');
  const view = h('section', { class: 'card', 'aria-labelledby': 'progress-title' }, h('h1', { id: 'progress-title' }, 'Making your clip'),
    h('p', { class: 'prompt' }, video.prompt), bar, status, steps,
    h('p', { class: 'muted' }, 'You can leave this page: the clip waits in your ', h('a', { href: '#/me?tab=drafts' }, 'drafts'),
      ', and Notifications tell you when it is ready.'),
    cancel);
  let latest = video;
  function render(now) {
    latest = now;
    bar.value = now.progress;
    const waiting = now.awaiting_review ?? [];
    fill(status, waiting.length ? [`Waiting for ${handles(waiting)} to review it: it is published when ${waiting.length === 1 ? 'they approve' : 'they all approve'}`,
        now.review_until ? [', if they do by ', deadline(now.review_until)] : null, '.']
      : standing(now) || (now.status === 'queued' ? 'Waiting for a free generator…' : `${now.progress}%`));
    fill(steps, ...now.steps.map(step => h('li', { class: 'done' }, `${STEPS[step.step] ?? 'A step'} — ${step.seconds.toFixed(1)} s`)),
      now.status === 'in_progress' && !waiting.length ? h('li', { class: 'running' }, 'Working…') : null);
  }

  render(video);
  page.show('Making your clip', view);
  // The estimate is a moment: the words counting down to it are redrawn each second between the pipeline's news.
  const ticking = setInterval(() => render(latest), 1000);
  const stop = listen(`/v1/videos/${video.id}/events`, 'video', now => {
    render(now);
    if (now.status === 'completed' || now.status === 'failed') {
      stop();
      clearInterval(ticking);
      ownClipView(now);
    }
  });
  onLeave(() => {
    stop();
    clearInterval(ticking);
  });
}

/** What a draft was warned of, in sentences. */
const warnings = video => (video.warnings.length
  ? h('ul', { class: 'warnings', 'aria-label': 'Warnings' }, ...video.warnings.map(w => h('li', {}, w.message)))
  : null);

/** The finished draft: its warnings, then post it with a caption, or discard it. */
function draftView(video) {
  const error = h('p', { class: 'error', role: 'alert' });
  const caption = h('input', { name: 'caption', maxlength: '500' });
  const content = `/v1/videos/${video.id}/content`;
  const player = clipFrame({ src: `${content}?variant=preview`, poster: `${content}?variant=thumbnail`, captions: `${content}?variant=captions`,
    size: video.size, label: 'Your draft', autoplay: true });
  page.show('Your draft', h('section', { class: 'card draft', 'aria-labelledby': 'draft-title' },
    h('h1', { id: 'draft-title' }, 'Your draft'), player, h('p', { class: 'prompt' }, video.prompt),
    h('p', { class: 'labels' }, credentialsButton(video.id)), warnings(video),
    h('label', {}, 'Caption', caption), error,
    h('div', { class: 'actions' },
      h('button', { onclick: async () => {
        try {
          await api(`/v1/videos/${video.id}/post`, { method: 'POST', json: { caption: caption.value } });
          toast('Posted');
          page.reload();
        } catch (failure) {
          error.textContent = describe(failure);
        }
      } }, 'Post'),
      h('button', { class: 'secondary', onclick: () => discard(video) }, 'Discard'))));
}

async function discard(video) {
  if (!(await ask('Discard this clip? It is deleted for good.', 'Discard'))) return;
  try {
    await api(`/v1/videos/${video.id}`, { method: 'DELETE' });
    toast('Discarded');
    location.hash = '#/me?tab=drafts';
  } catch (error) {
    toast(describe(error));
  }
}

function failedView(video) {
  page.show('Not made', h('section', { class: 'card', 'aria-labelledby': 'failed-title' }, h('h1', { id: 'failed-title' }, 'The clip was not made'),
    h('p', { class: 'prompt' }, video.prompt),
    h('div', { class: 'problem', role: 'alert' },
      h('p', { class: 'error' }, video.error?.message ?? 'Something went wrong while it was made.'),
      video.error ? h('p', { class: 'details' }, `Details for support: ${video.error.code}`) : null),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: `#/create?${video.remixed_from_video_id ? `remix=${encodeURIComponent(video.remixed_from_video_id)}&` : ''}again=${encodeURIComponent(video.id)}` }, 'Try again'),
      h('button', { class: 'secondary', onclick: () => discard(video) }, 'Discard'))));
}
