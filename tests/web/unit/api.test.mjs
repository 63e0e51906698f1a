// web/js/api.js with a fake fetch: the requests it makes and how it reads the answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  PAGE_SIZE, RetryLater, Unreachable, createDirectoryApi, createRoomApi, isMessage,
  newIdempotencyKey, retryAfterMs,
} from '../../../web/js/api.js';

const ROOM = 'Café & "Friends" #1';
const PATH = '/rooms/Caf%C3%A9%20%26%20%22Friends%22%20%231/messages/';
const MESSAGE = { id: 7, from: 'alice', text: 'hi', date: '2024-01-02T03:04:05Z' };

// Answers every request with answer() and keeps what was asked.
function fakeFetch(answer) {
  const calls = [];
  const fetch = async (url, options) => {
    calls.push({ url, options });
    return answer();
  };
  return { fetch, calls };
}

const json = (body, status = 200) => () => new Response(JSON.stringify(body),
  { status, headers: { 'Content-Type': 'application/json' } });
const text = (body, status) => () => new Response(body, { status, headers: { 'Content-Type': 'text/html' } });
const unreachable = () => {
  throw new TypeError('Failed to fetch');
};

describe('latest', () => {
  it('asks for the room\'s messages as JSON, uncached', async () => {
    const { fetch, calls } = fakeFetch(json({ messages: [MESSAGE], 'last-event-id': 'r:7' }));
    const answer = await createRoomApi(ROOM, { fetch }).latest();
    assert.deepEqual(answer, { messages: [MESSAGE], lastEventId: 'r:7' });
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, PATH);
    assert.deepEqual(calls[0].options, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  });

  it('reads a body without messages or event id as empty', async () => {
    const { fetch } = fakeFetch(json({ messages: 'no', 'last-event-id': 3 }));
    assert.deepEqual(await createRoomApi(ROOM, { fetch }).latest(), { messages: [], lastEventId: '' });
  });

  it('reads a successful answer that is not JSON as empty', async () => {
    const { fetch } = fakeFetch(text('<html>', 200));
    assert.deepEqual(await createRoomApi(ROOM, { fetch }).latest(), { messages: [], lastEventId: '' });
  });

  it('rejects with the server\'s {"error": ...}', async () => {
    const { fetch } = fakeFetch(json({ error: 'the message store is unavailable' }, 503));
    await assert.rejects(createRoomApi(ROOM, { fetch }).latest(),
      { message: 'the message store is unavailable' });
  });

  it('rejects with the status when the error is not JSON', async () => {
    const { fetch } = fakeFetch(text('<h1>Bad Gateway</h1>', 502));
    await assert.rejects(createRoomApi(ROOM, { fetch }).latest(), { message: 'HTTP 502' });
  });

  it('passes a network failure on as it is', async () => {
    const { fetch } = fakeFetch(unreachable);
    await assert.rejects(createRoomApi(ROOM, { fetch }).latest(), { name: 'TypeError', message: 'Failed to fetch' });
  });
});

describe('older', () => {
  it('asks for a page before an id', async () => {
    const { fetch, calls } = fakeFetch(json({ messages: [MESSAGE], 'last-event-id': 'r:9' }));
    assert.deepEqual(await createRoomApi(ROOM, { fetch }).older(12), [MESSAGE]);
    assert.equal(calls[0].url, `${PATH}?before=12&limit=${PAGE_SIZE}`);
    assert.equal(PAGE_SIZE, 50);
  });

  it('rejects with the server\'s {"error": ...}', async () => {
    const { fetch } = fakeFetch(json({ error: 'before must be a message id (a positive whole number)' }, 400));
    await assert.rejects(createRoomApi(ROOM, { fetch }).older(0),
      { message: 'before must be a message id (a positive whole number)' });
  });
});

describe('post', () => {
  it('posts the nickname and text as a form and resolves with the message', async () => {
    const { fetch, calls } = fakeFetch(json(MESSAGE, 201));
    assert.deepEqual(await createRoomApi(ROOM, { fetch }).post('Zoë & co', 'a+b=c\n&d'), MESSAGE);
    assert.equal(calls[0].url, PATH);
    assert.equal(calls[0].options.method, 'POST');
    assert.deepEqual(calls[0].options.headers,
      { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
    assert.deepEqual(Object.fromEntries(new URLSearchParams(calls[0].options.body)),
      { from: 'Zoë & co', text: 'a+b=c\n&d' });
  });

  it('rejects with the server\'s {"error": ...}', async () => {
    const { fetch } = fakeFetch(json({ error: 'message text must be at most 4096 characters' }, 400));
    await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x'),
      { message: 'message text must be at most 4096 characters' });
  });

  it('rejects with the status when the error is not JSON', async () => {
    const { fetch } = fakeFetch(text('oops', 500));
    await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x'),
      { message: 'the server answered 500' });
  });

  it('rejects with RetryLater when the server asks for the message again later', async () => {
    for (const status of [429, 503]) {
      const { fetch } = fakeFetch(() => new Response(JSON.stringify({ error: 'too many messages: try again in 3 s' }),
        { status, headers: { 'Content-Type': 'application/json', 'Retry-After': '3' } }));
      await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x'), (error) => {
        assert.ok(error instanceof RetryLater);
        assert.equal(error.retryAfterMs, 3000);
        assert.equal(error.message, 'too many messages: try again in 3 s');
        return true;
      });
    }
  });

  it('a refusal without Retry-After, or of another status, is a plain failure', async () => {
    const answers = [json({ error: 'busy' }, 429), () => new Response('{}',
      { status: 400, headers: { 'Retry-After': '3' } })];
    for (const answer of answers) {
      const { fetch } = fakeFetch(answer);
      await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x'),
        (error) => !(error instanceof RetryLater));
    }
  });

  it('rejects a successful answer that is not a message', async () => {
    for (const answer of [text('<html>', 200), json({ id: '7', from: 'a', text: 'x' }, 201), json(null, 201)]) {
      const { fetch } = fakeFetch(answer);
      await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x'),
        { message: 'the server gave an unexpected answer' });
    }
  });

  it('says when the server could not be reached, as Unreachable', async () => {
    const { fetch } = fakeFetch(unreachable);
    await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x'), (error) => {
      assert.ok(error instanceof Unreachable);
      assert.equal(error.message, 'the server could not be reached');
      return true;
    });
  });

  it('sends the Idempotency-Key it is given, and none without one', async () => {
    const { fetch, calls } = fakeFetch(json(MESSAGE, 200));
    const api = createRoomApi(ROOM, { fetch });
    await api.post('a', 'x', '0b5c1f2e-9a1d-4c3b-8e7f-112233445566');
    await api.post('a', 'x');
    assert.equal(calls[0].options.headers['Idempotency-Key'], '0b5c1f2e-9a1d-4c3b-8e7f-112233445566');
    assert.equal('Idempotency-Key' in calls[1].options.headers, false);
  });

  it('takes a replayed answer as the message it stands for', async () => {
    const { fetch } = fakeFetch(() => new Response(JSON.stringify(MESSAGE),
      { status: 200, headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' } }));
    assert.deepEqual(await createRoomApi(ROOM, { fetch }).post('alice', 'hi', 'k'), MESSAGE);
  });

  it('takes a gateway\'s 502 or 504 as no answer', async () => {
    for (const status of [502, 504]) {
      const { fetch } = fakeFetch(text('<h1>Bad Gateway</h1>', status));
      await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x', 'k'),
        (error) => error instanceof Unreachable && error.message === `the server answered ${status}`);
    }
  });

  it('a key used for another message (422) is a plain failure', async () => {
    const { fetch } = fakeFetch(json({ error: 'this Idempotency-Key was used for a different message' }, 422));
    await assert.rejects(createRoomApi(ROOM, { fetch }).post('a', 'x', 'k'),
      (error) => !(error instanceof Unreachable) && !(error instanceof RetryLater)
        && /different message/.test(error.message));
  });
});

describe('presence and typing', () => {
  const BASE = '/rooms/Caf%C3%A9%20%26%20%22Friends%22%20%231';

  it('reads who is online, leaving out entries that are not one', async () => {
    const { fetch, calls } = fakeFetch(json({ online: [{ from: 'alice', since: 'x' }, { from: '' },
      null, { from: 7 }, { from: 'bob' }] }));
    assert.deepEqual(await createRoomApi(ROOM, { fetch }).presence(), ['alice', 'bob']);
    assert.equal(calls[0].url, `${BASE}/presence/`);
    const { fetch: odd } = fakeFetch(json({ online: 'no' }));
    assert.deepEqual(await createRoomApi(ROOM, { fetch: odd }).presence(), []);
  });

  it('posts a heartbeat and a typing event as forms', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const api = createRoomApi(ROOM, { fetch });
    await api.heartbeat('Zoë & co');
    await api.typing('Zoë & co');
    assert.deepEqual(calls.map((call) => [call.url, call.options.method,
      Object.fromEntries(new URLSearchParams(call.options.body))]), [
      [`${BASE}/presence/`, 'POST', { from: 'Zoë & co' }],
      [`${BASE}/typing/`, 'POST', { from: 'Zoë & co' }],
    ]);
    assert.equal(calls[0].options.headers['Content-Type'], 'application/x-www-form-urlencoded');
  });

  it('rejects a refused or unanswered update', async () => {
    const { fetch } = fakeFetch(json({ error: 'too many' }, 429));
    await assert.rejects(createRoomApi(ROOM, { fetch }).typing('a'), { message: 'the server answered 429' });
    const { fetch: down } = fakeFetch(unreachable);
    await assert.rejects(createRoomApi(ROOM, { fetch: down }).heartbeat('a'), Unreachable);
  });
});

describe('rooms directory', () => {
  it('asks for a page of rooms, after a room name when paging on', async () => {
    const { fetch, calls } = fakeFetch(json({ rooms: [] }));
    const api = createDirectoryApi({ fetch });
    await api.rooms();
    await api.rooms({ limit: 120, before: 'Café & "Friends" #1 + ☕' });
    assert.equal(calls[0].url, '/rooms/?limit=50');
    const query = new URL(calls[1].url, 'http://x').searchParams;
    assert.deepEqual(Object.fromEntries(query), { limit: '120', before: 'Café & "Friends" #1 + ☕' });
  });

  it('keeps the name, message count and online count of each entry it can use', async () => {
    const { fetch } = fakeFetch(json({ rooms: [
      { name: 'a', messages: 3, 'last-message-at': '2025-01-02T03:04:05Z', online: 2 },
      { name: '', messages: 1 }, null, { messages: 4 },
      { name: 'b', messages: -1, online: 'many' },
    ] }));
    assert.deepEqual(await createDirectoryApi({ fetch }).rooms(),
      [{ name: 'a', messages: 3, online: 2 }, { name: 'b', messages: 0, online: 0 }]);
  });

  it('rejects with the server\'s {"error": ...}', async () => {
    const { fetch } = fakeFetch(json({ error: 'limit must be a whole number from 1 to 200' }, 400));
    await assert.rejects(createDirectoryApi({ fetch }).rooms({ limit: 500 }),
      { message: 'limit must be a whole number from 1 to 200' });
  });
});

describe('newIdempotencyKey', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is a fresh random UUID each time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    assert.equal(keys.size, 100);
    for (const key of keys) assert.match(key, UUID);
  });

  it('makes a version 4 UUID from getRandomValues where randomUUID is missing (plain http)', () => {
    const crypto = { getRandomValues: (bytes) => bytes.fill(0xff) };
    assert.equal(newIdempotencyKey(crypto), 'ffffffff-ffff-4fff-bfff-ffffffffffff');
    assert.match(newIdempotencyKey({ getRandomValues: (b) => globalThis.crypto.getRandomValues(b) }), UUID);
  });
});

describe('isMessage', () => {
  it('wants an integer id and string from and text', () => {
    assert.ok(isMessage(MESSAGE));
    assert.ok(isMessage({ id: 1, from: '', text: '' }));
    for (const value of [null, undefined, 'x', {}, { id: 1.5, from: 'a', text: 'b' },
      { id: 1, from: 2, text: 'b' }, { id: 1, from: 'a' }]) {
      assert.equal(isMessage(value), false, JSON.stringify(value));
    }
  });
});

describe('default fetch', () => {
  it('is the global fetch, looked up when called', async () => {
    const saved = globalThis.fetch;
    const { fetch, calls } = fakeFetch(json({ messages: [], 'last-event-id': 'r:0' }));
    globalThis.fetch = fetch;
    try {
      await createRoomApi('r').latest();
    } finally {
      globalThis.fetch = saved;
    }
    assert.equal(calls[0].url, '/rooms/r/messages/');
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and nothing else', () => {
    assert.equal(retryAfterMs('0'), 0);
    assert.equal(retryAfterMs('12'), 12000);
    for (const value of [null, '', '-1', '1.5', ' 3', 'Wed, 21 Oct 2015 07:28:00 GMT']) {
      assert.equal(retryAfterMs(value), null, String(value));
    }
  });
});
