// Your cameo: record it with the camera and microphone while the challenge is shown, follow its verification, and
// decide who may cast it. Below it, your characters: pets, mascots and objects made from a short video.
import { api } from './api.js';
import { h, page, toast, describe, onLeave, ask } from './ui.js';

const RECORD_SECONDS = 6;
const PERMISSIONS = { only_me: 'Only me', approved: 'People I approve', mutuals: 'Mutuals', everyone: 'Everyone' };
const STATUS = { verifying: 'Being verified', active: 'Your cameo is ready', failed: 'Not verified', deleted: 'Deleted' };

export async function cameoView(parameters) {
  const all = (await api('/v1/videos/characters')).data;
  const cameos = all.filter(cameo => cameo.kind === 'person');
  const current = cameos.find(cameo => cameo.status === 'active' || cameo.status === 'verifying');
  const challenge = parameters.get('challenge')
    ? { id: parameters.get('challenge'), digits: parameters.get('digits'), turn: parameters.get('turn') }
    : null;
  const section = h('section', { class: 'card', 'aria-labelledby': 'cameo-title' }, h('h1', { id: 'cameo-title' }, 'Your cameo'));
  page.show('Your cameo', section, challenge && !current ? null : charactersSection(all.filter(cameo => cameo.kind === 'character')));
  if (current) return showCameo(section, current);
  if (challenge) return record(section, challenge);
  const failed = cameos.find(cameo => cameo.status === 'failed');
  section.append(
    failed ? h('p', { class: 'error', role: 'alert' }, `Your last recording was not verified: ${failed.error?.message} (${failed.error?.code})`) : null,
    h('p', {}, 'A cameo lets people you choose cast you in their clips, with your face and voice. You record a few seconds answering a challenge, so we know it is you.'),
    h('button', { onclick: async () => {
      try {
        const issued = await api('/v1/videos/characters/challenges', { method: 'POST' });
        location.hash = `#/cameo?challenge=${issued.id}&digits=${issued.digits}&turn=${issued.turn}`;
      } catch (error) {
        toast(describe(error));
      }
    } }, 'Record your cameo'));
}

/** The challenge on screen, the camera's preview, a recording of a few seconds, and its upload. */
function record(section, challenge) {
  const preview = h('video', { muted: true, playsinline: true, autoplay: true, 'aria-label': 'Camera preview' });
  const name = h('input', { name: 'name', required: true, maxlength: '40', value: '' });
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  let stream = null;
  onLeave(() => stream?.getTracks().forEach(track => track.stop()));
  const start = h('button', { onclick: async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      preview.srcObject = stream;
      start.hidden = true;
      go.hidden = false;
    } catch (failure) {
      error.textContent = `The camera or microphone is not available: ${failure.message}`;
    }
  } }, 'Start camera');
  const go = h('button', { hidden: true, onclick: async () => {
    if (!name.value.trim()) {
      error.textContent = 'Give your cameo a name first.';
      return;
    }

    go.disabled = true;
    try {
      const form = new FormData();
      form.append('video', await recordAsync(stream, status), 'cameo.webm');
      form.append('name', name.value.trim());
      form.append('challenge_id', challenge.id);
      status.textContent = 'Uploading…';
      await api('/v1/videos/characters', { method: 'POST', form });
      location.hash = '#/cameo';
    } catch (failure) {
      error.textContent = describe(failure);
      status.textContent = '';
      go.disabled = false;
    }
  } }, `Record ${RECORD_SECONDS} seconds`);
  section.append(
    h('ol', { class: 'challenge' },
      h('li', {}, 'Face the camera, alone, in good light.'),
      h('li', {}, 'Read these digits aloud: ', h('strong', { class: 'digits' }, challenge.digits.split('').join(' '))),
      h('li', {}, `Then turn your head to your ${challenge.turn}.`)),
    h('label', {}, 'Name', name), preview, start, go, status, error);
}

/** A few seconds of the stream as WebM, counting down in <paramref>status</paramref>. */
async function recordAsync(stream, status) {
  const chunks = [];
  const type = ['video/webm;codecs=vp8,opus', 'video/webm'].find(candidate => MediaRecorder.isTypeSupported(candidate));
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  recorder.ondataavailable = event => chunks.push(event.data);
  const stopped = new Promise(resolve => (recorder.onstop = resolve));
  recorder.start(500);
  for (let left = RECORD_SECONDS; left > 0; left--) {
    status.textContent = `Recording… ${left}`;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }

  recorder.stop();
  await stopped;
  stream.getTracks().forEach(track => track.stop());
  return new Blob(chunks, { type: 'video/webm' });
}

/** A cameo being verified (its progress, live) or ready (its terms). */
function showCameo(section, cameo) {
  const heading = h('h2', {}, STATUS[cameo.status] ?? cameo.status);
  section.append(h('p', {}, `“${cameo.name}”`), heading);
  if (cameo.status === 'verifying') {
    const bar = h('progress', { max: '100', value: String(cameo.progress), 'aria-label': 'Verification' });
    const step = h('p', { role: 'status' }, cameo.step ?? 'Starting');
    section.append(bar, step);
    const timer = setInterval(async () => {
      const now = await api(`/v1/videos/characters/${cameo.id}`);
      bar.value = now.progress;
      step.textContent = now.step ?? '';
      if (now.status !== 'verifying') {
        clearInterval(timer);
        cameoView(new URLSearchParams());
      }
    }, 500);
    onLeave(() => clearInterval(timer));
    return;
  }

  const error = h('p', { class: 'error', role: 'alert' });
  const save = async changes => {
    try {
      await api(`/v1/videos/characters/${cameo.id}`, { method: 'PATCH', json: changes });
      toast('Saved');
    } catch (failure) {
      error.textContent = describe(failure);
    }
  };
  const permission = h('select', { name: 'permission', onchange: () => save({ permission: permission.value }) },
    ...Object.entries(PERMISSIONS).map(([value, label]) => h('option', { value, selected: value === cameo.permission }, label)));
  const preferences = h('textarea', { name: 'preferences', rows: '3', maxlength: '1000' });
  preferences.value = cameo.preferences;
  const approved = h('ul', { class: 'approved', 'aria-label': 'People you approve' });
  const approve = async (username, on) => {
    try {
      const now = await api(`/v1/videos/characters/${cameo.id}/approved/${encodeURIComponent(username)}`, { method: on ? 'PUT' : 'DELETE' });
      renderApproved(now.approved);
      toast(on ? `@${username} may cast you` : `@${username} removed`);
    } catch (failure) {
      error.textContent = describe(failure);
    }
  };
  function renderApproved(usernames) {
    approved.replaceChildren(...usernames.map(username => h('li', {}, `@${username} `,
      h('button', { class: 'secondary', onclick: async () => {
        if (await ask(`Remove @${username}? They can no longer cast your cameo.`, 'Remove')) approve(username, false);
      } }, `Remove @${username}`))));
    if (!usernames.length) approved.append(h('li', { class: 'muted' }, 'No one yet.'));
  }
  renderApproved(cameo.approved);
  const newApproved = h('input', { name: 'approve', autocomplete: 'off', pattern: '@?[A-Za-z0-9._]{3,30}', required: true });
  const approveForm = h('form', { class: 'inline', onsubmit: event => {
    event.preventDefault();
    approve(newApproved.value.replace(/^@/, '').toLowerCase(), true);
    newApproved.value = '';
  } }, h('label', {}, 'Approve someone by username', newApproved), h('button', { type: 'submit' }, 'Approve'));
  const review = h('input', { type: 'checkbox', name: 'review_required', checked: cameo.review_required, onchange: () => save({ review_required: review.checked }) });
  section.append(
    cameo.voice ? h('p', { class: 'muted' }, `Voice: about ${cameo.voice.pitch_hz} Hz, ${cameo.voice.words_per_minute} words a minute`) : null,
    h('label', {}, 'Who may cast you', permission),
    h('h3', {}, 'People you approve'),
    h('p', { class: 'muted' }, 'They may cast you whatever you choose above, unless it is only you.'),
    approved, approveForm,
    h('label', {}, 'Your preferences (“never …” refuses, anything else directs)', preferences),
    h('button', { class: 'secondary', onclick: () => save({ preferences: preferences.value }) }, 'Save preferences'),
    h('label', { class: 'inline' }, review, 'Review every clip before it is published'),
    error,
    h('button', { class: 'danger', onclick: async () => {
      if (!(await ask('Delete your cameo? Every clip it appears in is taken down.', 'Delete cameo'))) return;
      await api(`/v1/videos/characters/${cameo.id}`, { method: 'DELETE' });
      toast('Your cameo was deleted');
      cameoView(new URLSearchParams());
    } }, 'Delete cameo'));
}

/** Your characters (none is a person): each with its @handle, its state, who may cast it, and a way to add one. */
function charactersSection(characters) {
  const error = h('p', { class: 'error', role: 'alert' });
  const list = h('ul', { class: 'characters', 'aria-label': 'Your characters' },
    ...characters.map(character => characterItem(character, error)));
  if (!characters.length) list.append(h('li', { class: 'muted' }, 'None yet.'));
  const name = h('input', { name: 'character_name', required: true, maxlength: '50', autocomplete: 'off' });
  const video = h('input', { type: 'file', name: 'character_video', accept: 'video/*', required: true });
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const add = h('button', { type: 'submit' }, 'Add character');
  const form = h('form', { onsubmit: async event => {
    event.preventDefault();
    const body = new FormData();
    body.append('name', name.value.trim());
    body.append('video', video.files[0]);
    add.disabled = true;
    status.textContent = 'Uploading…';
    try {
      const made = await api('/v1/videos/characters', { method: 'POST', form: body });
      toast(`@${made.handle} is being checked`);
      cameoView(new URLSearchParams());
    } catch (failure) {
      error.textContent = describe(failure);
      status.textContent = '';
      add.disabled = false;
    }
  } }, h('label', {}, 'Its name', name), h('label', {}, 'A video of it, 1 to 10 seconds', video), add, status);
  return h('section', { class: 'card', 'aria-labelledby': 'characters-title' },
    h('h2', { id: 'characters-title' }, 'Your characters'),
    h('p', {}, 'A pet, a mascot, an object: cast it in clips by its @handle. No people: a person appears only through their own cameo.'),
    list, h('h3', {}, 'Add a character'), form, error);
}

function characterItem(character, error) {
  const item = h('li', {}, h('strong', {}, character.name), ` @${character.handle} `);
  if (character.status === 'verifying') {
    const bar = h('progress', { max: '100', value: String(character.progress), 'aria-label': `Checking ${character.name}` });
    item.append(bar);
    const timer = setInterval(async () => {
      const now = await api(`/v1/videos/characters/${character.id}`);
      bar.value = now.progress;
      if (now.status !== 'verifying') {
        clearInterval(timer);
        cameoView(new URLSearchParams());
      }
    }, 1000);
    onLeave(() => clearInterval(timer));
  } else if (character.status === 'failed') {
    item.append(h('p', { class: 'error' }, `Not made: ${character.error?.message}`));
  } else {
    const permission = h('select', { name: `permission_${character.handle}`, onchange: async () => {
      try {
        await api(`/v1/videos/characters/${character.id}`, { method: 'PATCH', json: { permission: permission.value } });
        toast('Saved');
      } catch (failure) {
        error.textContent = describe(failure);
      }
    } }, ...Object.entries(PERMISSIONS).map(([value, label]) => h('option', { value, selected: value === character.permission }, label)));
    item.append(h('label', {}, `Who may cast @${character.handle}`, permission));
  }

  item.append(h('button', { class: 'secondary', onclick: async () => {
    if (!(await ask(`Delete ${character.name}? Every clip it appears in is taken down.`, 'Delete'))) return;
    try {
      await api(`/v1/videos/characters/${character.id}`, { method: 'DELETE' });
      toast(`${character.name} was deleted`);
      cameoView(new URLSearchParams());
    } catch (failure) {
      error.textContent = describe(failure);
    }
  } }, `Delete ${character.name}`));
  return item;
}
