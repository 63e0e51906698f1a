// The room's HTTP API: the latest messages, an older page, and posting a message.
import { messagesPath } from './urls.js';

export const PAGE_SIZE = 50; // what the server gives when asked for no limit

const JSON_ONLY = { Accept: 'application/json' };

// The shape of a message as the API gives it; anything else is not shown.
export function isMessage(value) {
  return Boolean(value) && Number.isInteger(value.id) && typeof value.from === 'string'
    && typeof value.text === 'string';
}

// A refusal that says when to try again (429 over a rate limit, 503 while the server cannot
// store): the message was not stored, and may go again after retryAfterMs.
export class RetryLater extends Error {
  constructor(message, retryAfterMs) {
    super(message);
    this.name = 'RetryLater';
    this.retryAfterMs = retryAfterMs;
  }
}

// Retry-After as delay-seconds; the HTTP-date form is not used by this server. null: none.
export function retryAfterMs(value) {
  if (!/^\d+$/.test(value ?? '')) return null;
  return Number(value) * 1000;
}

function messagesOf(body) {
  return Array.isArray(body?.messages) ? body.messages : [];
}

// fetch is injectable for the tests; the default looks it up late so that it is always the
// global one of the moment.
export function createRoomApi(room, { fetch = (...args) => globalThis.fetch(...args) } = {}) {
  const path = messagesPath(room);

  // An error answer names its problem in {"error": ...}; a body that is not JSON reads as {}.
  async function getJson(url) {
    const response = await fetch(url, { headers: JSON_ONLY, cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body?.error || 'HTTP ' + response.status);
    return body;
  }

  // The latest page, with the event id that the stream resumes after (so nothing falls between).
  async function latest() {
    const body = await getJson(path);
    const lastEventId = typeof body?.['last-event-id'] === 'string' ? body['last-event-id'] : '';
    return { messages: messagesOf(body), lastEventId };
  }

  // The page of messages before beforeId.
  async function older(beforeId, limit = PAGE_SIZE) {
    return messagesOf(await getJson(`${path}?before=${beforeId}&limit=${limit}`));
  }

  // Resolves with the stored message; rejects with a reason fit for "Not sent: <reason>", or
  // with RetryLater when the server asks for the message again later.
  async function post(from, text) {
    let response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...JSON_ONLY },
        body: new URLSearchParams({ from, text }).toString(),
      });
    } catch {
      throw new Error('the server could not be reached');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const reason = body?.error || 'the server answered ' + response.status;
      const wait = retryAfterMs(response.headers.get('Retry-After'));
      if ((response.status === 429 || response.status === 503) && wait !== null) {
        throw new RetryLater(reason, wait);
      }
      throw new Error(reason);
    }
    if (!isMessage(body)) throw new Error('the server gave an unexpected answer');
    return body;
  }

  return { latest, older, post };
}
