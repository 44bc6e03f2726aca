// The API from the page: same origin, the session cookie, and the anti-forgery token echoed on every write.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `The server answered ${status}.`);
    this.status = status;
    this.code = problem?.code ?? `HTTP.${status}`;
  }
}

function antiForgeryToken() {
  const cookie = document.cookie.split('; ').find(part => part.startsWith('sora_csrf='));
  return cookie ? decodeURIComponent(cookie.slice('sora_csrf='.length)) : null;
}

/** Calls the API: a JSON body (json), a multipart one (form) or a file as the body itself (file). */
export async function api(path, { method = 'GET', json, form, file, signal } = {}) {
  const headers = {};
  const token = antiForgeryToken();
  if (method !== 'GET' && token) headers['X-CSRF-Token'] = token;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  } else if (file) {
    headers['Content-Type'] = file.type || 'application/octet-stream';
    body = file;
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin', signal });
  const data = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Listens to a server-sent event stream; returns a function that stops listening. */
export function listen(path, event, onData) {
  const source = new EventSource(path, { withCredentials: true });
  source.addEventListener(event, message => onData(JSON.parse(message.data)));
  return () => source.close();
}
