// Discover and search: what is trending (hashtags, posts, creators to follow) until something is typed, then the
// people and posts that match it, as it is typed.
import { api } from './api.js';
import { h, page, fill, describe, problem, compact, postGrid, peopleList, followButton, onLeave } from './ui.js';

const PEOPLE = 5;
const POSTS = 18;

/** How long typing pauses before the results follow it. */
const TYPING_PAUSE_MS = 250;

export async function discoverView(parameters) {
  const query = (parameters.get('q') ?? '').trim();
  const input = h('input', {
    type: 'search', name: 'q', value: query, autocomplete: 'off', enterkeyhint: 'search', maxlength: '100',
    placeholder: 'Search people, posts and #hashtags', 'aria-label': 'Search people, posts and hashtags',
  });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h('form', { role: 'search', class: 'search', onsubmit: event => {
    event.preventDefault();
    show(input.value.trim());
  } }, input);

  let shown = null;
  let typing = null;
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => show(input.value.trim()), TYPING_PAUSE_MS);
  });
  onLeave(() => clearTimeout(typing));

  /** Shows what is trending, or what matches the text; the address keeps the text (Back and a shared link bring it back). */
  async function show(text) {
    if (text === shown) return;
    shown = text;
    history.replaceState(null, '', text ? `#/discover?q=${encodeURIComponent(text)}` : '#/discover');
    try {
      const content = text ? await matches(text) : await trending();
      if (shown === text) fill(results, content);
    } catch (error) {
      if (shown === text) fill(results, problem(error));
    }
  }

  page.show(query ? `Search: ${query}` : 'Discover', h('section', { class: 'discover', 'aria-labelledby': 'discover-title' },
    h('h1', { id: 'discover-title', class: 'visually-hidden' }, 'Discover'), form, results));
  await show(query);
  if (!query) input.focus({ preventScroll: true });
}

/** The day's hashtags, the trending posts, and creators to follow. */
async function trending() {
  const discovery = await api('/v1/discover');
  if (!discovery.hashtags.length && !discovery.posts.length && !discovery.creators.length) {
    return h('p', { class: 'empty' }, 'Nothing is trending yet. ', h('a', { href: '#/create' }, 'Make the first clip'));
  }

  return [
    discovery.hashtags.length ? h('section', { 'aria-labelledby': 'tags-title' }, h('h2', { id: 'tags-title' }, 'Trending hashtags'),
      h('ul', { class: 'chips' }, ...discovery.hashtags.map(tag => h('li', {},
        h('a', { class: 'chip', href: `#/discover?q=${encodeURIComponent(`#${tag.tag}`)}` }, `#${tag.tag}`,
          h('span', { class: 'muted' }, ` ${compact(tag.posts)} ${tag.posts === 1 ? 'post' : 'posts'}`)))))) : null,
    discovery.creators.length ? h('section', { 'aria-labelledby': 'creators-title' }, h('h2', { id: 'creators-title' }, 'Creators to follow'),
      peopleList('Creators to follow', discovery.creators, followButton)) : null,
    discovery.posts.length ? h('section', { 'aria-labelledby': 'trending-title' }, h('h2', { id: 'trending-title' }, 'Trending'),
      postGrid('Trending posts', discovery.posts)) : null,
  ];
}

/** The people and posts matching the text; a text that starts with # looks for posts only. */
async function matches(text) {
  const tagOnly = text.startsWith('#');
  const [people, posts] = await Promise.all([
    tagOnly ? null : api(`/v1/search/members?q=${encodeURIComponent(text)}&limit=${PEOPLE}`).catch(error => ({ error })),
    api(`/v1/search/posts?q=${encodeURIComponent(text)}&limit=${POSTS}`).catch(error => ({ error })),
  ]);
  const postList = h('div', {});
  const section = [];
  if (people) {
    section.push(h('section', { 'aria-labelledby': 'people-title' }, h('h2', { id: 'people-title' }, 'People'),
      people.error ? h('p', { class: 'error' }, describe(people.error))
        : people.data.length ? peopleList('People', people.data, followButton) : h('p', { class: 'empty' }, `No one matches “${text}”.`)));
  }

  section.push(h('section', { 'aria-labelledby': 'posts-title' }, h('h2', { id: 'posts-title' }, tagOnly ? text : 'Posts'), postList));
  if (posts.error) fill(postList, h('p', { class: 'error' }, describe(posts.error)));
  else showPosts(postList, text, posts);
  return section;
}

/** A page of posts found, and Show more while there are more. */
function showPosts(list, text, answer, shown = []) {
  shown.push(...answer.data);
  const more = answer.has_more ? h('button', { class: 'secondary', onclick: async event => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      showPosts(list, text, await api(`/v1/search/posts?q=${encodeURIComponent(text)}&limit=${POSTS}&cursor=${encodeURIComponent(answer.next_cursor)}`), shown);
    } catch (error) {
      button.disabled = false;
      list.append(h('p', { class: 'error' }, describe(error)));
    }
  } }, 'Show more') : null;
  fill(list, shown.length ? postGrid('Posts found', shown) : h('p', { class: 'empty' }, `No posts with “${text}” yet.`), more);
}
