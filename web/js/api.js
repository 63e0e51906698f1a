// The HTTP API: a room's messages (latest, older, posting), its presence and typing, and the
// rooms directory. No DOM: fetch is injected.
import { messagesPath, presencePath, roomsPath, typingPath } from './urls.js';

export const PAGE_SIZE = 50; // what the server gives when asked for no limit

const JSON_ONLY = { Accept: 'application/json' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', ...JSON_ONLY };

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

// No answer: the request may or may not have been carried out. A message posted with an
// Idempotency-Key may go again as it is; the server stores it once.
export class Unreachable extends Error {
  constructor(message = 'the server could not be reached') {
    super(message);
    this.name = 'Unreachable';
  }
}

// A gateway (Pushpin, Fanout) saying that the origin did not answer it is no answer either.
const GATEWAY_FAILURES = [502, 504];

// Retry-After as delay-seconds; the HTTP-date form is not used by this server. null: none.
export function retryAfterMs(value) {
  if (!/^\d+$/.test(value ?? '')) return null;
  return Number(value) * 1000;
}

// One key per message, kept for all its retries. randomUUID needs a secure context (https or
// localhost); getRandomValues does not, so a plain-http deployment still gets a random key.
export function newIdempotencyKey(crypto = globalThis.crypto) {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // the RFC 4122 variant
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
    .join('-');
}

function messagesOf(body) {
  return Array.isArray(body?.messages) ? body.messages : [];
}

// fetch is looked up late by default so that it is always the global one of the moment.
const globalFetch = (...args) => globalThis.fetch(...args);

// An error answer names its problem in {"error": ...}; a body that is not JSON reads as {}.
async function getJson(fetch, url) {
  const response = await fetch(url, { headers: JSON_ONLY, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error || 'HTTP ' + response.status);
  return body;
}

// Resolves with the answer, whatever its status; rejects with Unreachable when there was none.
async function postForm(fetch, url, fields, headers = {}) {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { ...FORM, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  } catch {
    throw new Unreachable();
  }
}

// For the updates nobody waits for (presence, typing): 2xx or a rejection with the reason.
async function postUpdate(fetch, url, fields) {
  const response = await postForm(fetch, url, fields);
  if (!response.ok) throw new Error('the server answered ' + response.status);
}

// The failure a refused post stands for, with the reason fit for "Not sent: <reason>".
function refusal(response, body) {
  const reason = body?.error || 'the server answered ' + response.status;
  const wait = retryAfterMs(response.headers.get('Retry-After'));
  if ((response.status === 429 || response.status === 503) && wait !== null) {
    return new RetryLater(reason, wait);
  }
  if (GATEWAY_FAILURES.includes(response.status)) return new Unreachable(reason);
  return new Error(reason);
}

// The nicknames of a presence answer, in its order; entries that are not one are left out.
function onlineOf(body) {
  const entries = Array.isArray(body?.online) ? body.online : [];
  return entries.map((entry) => entry?.from).filter((from) => typeof from === 'string' && from);
}

export function createRoomApi(room, { fetch = globalFetch } = {}) {
  const path = messagesPath(room);

  // The latest page, with the event id that the stream resumes after (so nothing falls between).
  async function latest() {
    const body = await getJson(fetch, path);
    const lastEventId = typeof body?.['last-event-id'] === 'string' ? body['last-event-id'] : '';
    return { messages: messagesOf(body), lastEventId };
  }

  // The page of messages before beforeId.
  async function older(beforeId, limit = PAGE_SIZE) {
    return messagesOf(await getJson(fetch, `${path}?before=${beforeId}&limit=${limit}`));
  }

  // Resolves with the stored message; rejects with a reason fit for "Not sent: <reason>", with
  // RetryLater when the server asks for the message again later, or with Unreachable when no
  // answer came (send it again with the same idempotencyKey).
  async function post(from, text, idempotencyKey = null) {
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
    const response = await postForm(fetch, path, { from, text }, headers);
    const body = await response.json().catch(() => null);
    if (!response.ok) throw refusal(response, body);
    if (!isMessage(body)) throw new Error('the server gave an unexpected answer');
    return body;
  }

  return {
    latest,
    older,
    post,
    // The nicknames online in the room now.
    presence: async () => onlineOf(await getJson(fetch, presencePath(room))),
    // A heartbeat that keeps from online for the server's presence timeout.
    heartbeat: (from) => postUpdate(fetch, presencePath(room), { from }),
    typing: (from) => postUpdate(fetch, typingPath(room), { from }),
  };
}

// A directory entry as the page uses it; anything without a name is left out.
function roomEntry(value) {
  if (typeof value?.name !== 'string' || value.name === '') return null;
  const count = (n) => (Number.isInteger(n) && n >= 0 ? n : 0);
  return { name: value.name, messages: count(value.messages), online: count(value.online) };
}

export function createDirectoryApi({ fetch = globalFetch } = {}) {
  return {
    // Rooms, most recently active first; before: the last name of the page already shown.
    async rooms({ limit = PAGE_SIZE, before = null } = {}) {
      const body = await getJson(fetch, roomsPath({ limit, before }));
      return (Array.isArray(body?.rooms) ? body.rooms : []).map(roomEntry).filter(Boolean);
    },
  };
}
