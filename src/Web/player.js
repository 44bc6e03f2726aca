// The clip player every page uses: tap to pause and play, double-tap (to like), a sound switch that stays as set from
// clip to clip, a thin bar to scrub; and the observer that plays the clip in view.
import { h, fill, onLeave, icon } from './ui.js';

/** A clip's captions (the words heard in it, WebVTT), shown unless the viewer turns them off. */
function captionTrack(src) {
  const track = h('track', { kind: 'captions', srclang: 'en', label: 'English', src, default: true });
  // Lifted five lines from the bottom, clear of what is laid over the clip there (author, caption, labels, controls).
  track.addEventListener('load', () => { for (const cue of track.track.cues ?? []) cue.line = -5; });
  return track;
}

/** Whether clips play with sound: off until the person turns it on, then on for every clip after it (this visit). */
const sound = { on: false };

function setSound(on) {
  sound.on = on;
  for (const video of document.querySelectorAll('.frame video')) video.muted = !on;
  for (const button of document.querySelectorAll('.frame .sound')) button.textContent = on ? 'Mute' : 'Unmute';
}

/** Plays or pauses a clip for the person; a clip they paused stays paused until they play it. */
export function togglePlayback(video) {
  if (video.paused) {
    delete video.dataset.held;
    video.play().catch(() => {});
  } else {
    video.dataset.held = 'true';
    video.pause();
  }
}

/**
 * Plays the clip most in view (unless the person paused it there), pauses the rest, and has the one after it load
 * ahead; a clip scrolled away plays again when it comes back.
 */
export function player(list) {
  const seen = new Map();
  const observer = new IntersectionObserver(entries => {
    for (const entry of entries) seen.set(entry.target, entry.intersectionRatio);
    const clips = [...list.querySelectorAll('.clip')];
    const current = clips.reduce((best, clip) => ((seen.get(clip) ?? 0) > (seen.get(best) ?? 0) ? clip : best), clips[0]);
    const playing = near(current);
    for (const clip of clips) {
      const video = clip.querySelector('video');
      const showing = clip === current && (seen.get(clip) ?? 0) > 0.6;
      clip.classList.toggle('current', showing);
      if (showing && !video.dataset.held) {
        video.play().catch(() => {});
      } else {
        video.pause();
        if (!showing) delete video.dataset.held;
      }
    }

    // The next clip loads once this one plays: on a slow network the two would share it, and the first would wait.
    const nextClip = clips[clips.indexOf(current) + 1];
    const next = nextClip?.querySelector('video');
    if (next && next.preload === 'none') {
      // Several sightings may wait on one clip's first play: the next one is asked for once.
      const preload = () => {
        if (next.preload !== 'none') return;
        near(nextClip);
        next.preload = 'auto';
        next.load();
      };
      if (playing && playing.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) preload();
      else playing?.addEventListener('playing', preload, { once: true });
    }
  }, { root: list, threshold: [0, 0.6, 1] });
  onLeave(() => observer.disconnect());
  return observer;
}

/**
 * A feed's clip about to be seen: its poster and captions asked for now (the others' wait, not to share a slow
 * network with the clip playing); its video.
 */
function near(clip) {
  const video = clip?.querySelector('video');
  if (video?.dataset.poster) {
    video.poster = video.dataset.poster;
    delete video.dataset.poster;
  }
  if (video?.dataset.captions) {
    video.append(captionTrack(video.dataset.captions));
    delete video.dataset.captions;
  }
  return video;
}

/**
 * A clip in its frame, without the browser's controls (they would cover the label burned in at its bottom), playing
 * at once where <c>autoplay</c> says (a page with one clip; a feed's observer plays the one in view): <c>onWatched</c> runs once it has played to its end, <c>onDoubleTap</c> on a double tap (a heart shows).
 */
export function clipFrame({ src, poster, captions, size, label, autoplay = false, onWatched = null, onDoubleTap = null }) {
  // In a feed nothing loads until the player says the clip is near (a page of them at once would crowd a phone's network).
  const video = h('video', {
    src, poster: autoplay ? poster : null, 'data-poster': autoplay ? null : poster, 'data-captions': autoplay ? null : captions,
    autoplay, loop: true, playsinline: true, preload: autoplay ? 'auto' : 'none', 'aria-label': label,
  }, autoplay ? captionTrack(captions) : null);
  video.muted = !sound.on;
  let watched = false;
  video.addEventListener('timeupdate', () => {
    if (!watched && onWatched && video.duration && video.currentTime >= video.duration - 0.35) {
      watched = true;
      onWatched();
    }
  });

  const playback = h('button', { class: 'playback', 'aria-label': 'Pause', onclick: () => togglePlayback(video) }, icon('pause'));
  const paused = h('span', { class: 'paused', 'aria-hidden': 'true', hidden: true }, icon('play'));
  const showPlayback = () => {
    fill(playback, icon(video.paused ? 'play' : 'pause'));
    playback.setAttribute('aria-label', video.paused ? 'Play' : 'Pause');
    paused.hidden = !(video.paused && video.dataset.held);
  };
  video.addEventListener('play', showPlayback);
  video.addEventListener('pause', showPlayback);
  showPlayback();

  const soundSwitch = h('button', { class: 'sound', onclick: () => setSound(!sound.on) }, sound.on ? 'Mute' : 'Unmute');
  const scrub = h('input', { class: 'scrub', type: 'range', min: '0', max: '1000', value: '0', 'aria-label': 'Position in the clip' });
  let scrubbing = false;
  scrub.addEventListener('pointerdown', () => (scrubbing = true));
  scrub.addEventListener('pointerup', () => (scrubbing = false));
  const showPosition = () => scrub.style.setProperty('--p', `${scrub.value / 10}%`);
  scrub.addEventListener('input', () => {
    showPosition();
    if (video.duration) video.currentTime = (scrub.value / 1000) * video.duration;
  });
  video.addEventListener('timeupdate', () => {
    if (!video.duration || scrubbing) return;
    scrub.value = String(Math.round((video.currentTime / video.duration) * 1000));
    scrub.setAttribute('aria-valuetext', `${Math.round(video.currentTime)} of ${Math.round(video.duration)} seconds`);
    showPosition();
  });

  const heart = h('span', { class: 'burst', 'aria-hidden': 'true' }, icon('heart'));
  // One tap pauses or plays; a second within a quarter second makes it a double tap.
  let tap = null;
  video.addEventListener('click', () => {
    clearTimeout(tap);
    tap = setTimeout(() => togglePlayback(video), 250);
  });
  video.addEventListener('dblclick', () => {
    clearTimeout(tap);
    if (!onDoubleTap) return;
    onDoubleTap();
    heart.classList.remove('shown');
    void heart.offsetWidth; // restarts the animation
    heart.classList.add('shown');
  });

  const [width, height] = size.split('x').map(Number);
  return h('div', { class: `frame ${width > height ? 'landscape' : 'portrait'}` }, video, paused, heart, playback, soundSwitch, scrub);
}
