// web/js/roomstream.js with a fake EventSource, fake timers and a fake online/offline source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createBackoff } from '../../../web/js/backoff.js';
import { createRoomStream } from '../../../web/js/roomstream.js';

const URL_BASE = '/rooms/r%20x/events/';

// A class per test, so that each test sees only its own sources.
function fakeEventSourceClass() {
  return class FakeEventSource {
    static instances = [];

    constructor(url) {
      this.url = url;
      this.closed = false;
      this.listeners = new Map();
      FakeEventSource.instances.push(this);
    }

    addEventListener(type, listener) {
      if (!this.listeners.has(type)) this.listeners.set(type, []);
      this.listeners.get(type).push(listener);
    }

    close() {
      this.closed = true;
    }

    emit(type, fields = {}) {
      for (const listener of this.listeners.get(type) ?? []) {
        listener({ type, data: '', lastEventId: '', ...fields });
      }
    }
  };
}

function fakeTimers() {
  const pending = new Map();
  let nextId = 1;
  return {
    setTimeout(callback, ms) {
      pending.set(nextId, { callback, ms });
      return nextId++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    get delays() {
      return [...pending.values()].map((timer) => timer.ms);
    },
    fire() {
      const [id, timer] = pending.entries().next().value;
      pending.delete(id);
      timer.callback();
    },
  };
}

// Lets the promise of catchUp() settle.
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup({ catchUp = async () => 'r:5', online = true } = {}) {
  const EventSource = fakeEventSourceClass();
  const timers = fakeTimers();
  const network = Object.assign(new EventTarget(), { online });
  const seen = {
    statuses: [], messages: [], deleted: [], presence: [], typing: [], alive: 0, resets: 0,
    streamErrors: [],
    catchUpFailures: [],
  };
  const stream = createRoomStream({
    url: URL_BASE,
    catchUp,
    EventSource,
    backoff: createBackoff({ baseMs: 1000, maxMs: 30000, random: () => 0 }),
    timers,
    isOnline: () => network.online,
    connectivity: network,
    on: {
      status: (state) => seen.statuses.push(state),
      message: (value) => seen.messages.push(value),
      deleted: (id) => seen.deleted.push(id),
      presence: (value) => seen.presence.push(value),
      typing: (value) => seen.typing.push(value),
      alive: () => ++seen.alive,
      reset: () => ++seen.resets,
      streamError: (detail) => seen.streamErrors.push(detail),
      catchUpFailed: (error) => seen.catchUpFailures.push(error.message),
    },
  });
  const sources = EventSource.instances;
  const current = () => sources.at(-1);
  const goOffline = () => {
    network.online = false;
    network.dispatchEvent(new Event('offline'));
  };
  const goOnline = () => {
    network.online = true;
    network.dispatchEvent(new Event('online'));
  };
  return { stream, sources, current, timers, seen, network, goOffline, goOnline };
}

async function connected(options) {
  const t = setup(options);
  t.stream.start();
  await settle();
  t.current().emit('open');
  return t;
}

describe('connecting', () => {
  it('catches up first, then connects after the event id that gave', async () => {
    const t = setup({ catchUp: async () => 'room x:5' });
    t.stream.start();
    assert.deepEqual(t.seen.statuses, ['connecting']);
    assert.equal(t.sources.length, 0);
    await settle();
    assert.equal(t.sources.length, 1);
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=room%20x%3A5`);
    t.current().emit('open');
    assert.deepEqual(t.seen.statuses, ['connecting', 'connected']);
  });

  it('connects without a query when there is no event id yet', async () => {
    const t = await connected({ catchUp: async () => '' });
    assert.equal(t.current().url, URL_BASE);
  });

  it('takes stream-open as connected too', async () => {
    const t = setup();
    t.stream.start();
    await settle();
    t.current().emit('stream-open');
    assert.equal(t.seen.statuses.at(-1), 'connected');
  });

  it('retries catching up with backoff until it succeeds', async () => {
    let calls = 0;
    const t = setup({
      catchUp: async () => {
        if (++calls < 3) throw new Error(`down ${calls}`);
        return 'r:9';
      },
    });
    t.stream.start();
    await settle();
    assert.deepEqual(t.seen.statuses, ['connecting', 'reconnecting']);
    assert.deepEqual(t.seen.catchUpFailures, ['down 1']);
    assert.deepEqual(t.timers.delays, [500]);
    t.timers.fire();
    await settle();
    assert.deepEqual(t.timers.delays, [1000]);
    t.timers.fire();
    await settle();
    assert.equal(calls, 3);
    assert.deepEqual(t.timers.delays, []);
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A9`);
    assert.deepEqual(t.seen.statuses,
      ['connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting']);
  });
});

describe('events', () => {
  it('passes messages on and remembers the last event id', async () => {
    const t = await connected();
    const message = { id: 6, from: 'a', text: 'hi' };
    t.current().emit('message', { data: JSON.stringify(message), lastEventId: 'r:6' });
    assert.deepEqual(t.seen.messages, [message]);
    assert.equal(t.stream.lastEventId, 'r:6');
    t.current().emit('keep-alive', { lastEventId: 'r:7' });
    assert.equal(t.stream.lastEventId, 'r:7');
    t.current().emit('message', { data: '{"id": 8}' }); // no id: keep the one we have
    assert.equal(t.stream.lastEventId, 'r:7');
    t.current().emit('message', { data: 'not json', lastEventId: 'r:9' });
    assert.equal(t.stream.lastEventId, 'r:9');
    assert.deepEqual(t.seen.messages, [message, { id: 8 }]);
  });
});

describe('removed messages', () => {
  it('passes the id on and resumes after the removal, an event of the room like a message', async () => {
    const t = await connected();
    t.current().emit('message', { data: '{"id": 41}', lastEventId: 'r:6' });
    t.current().emit('message-deleted', { data: '{"id": 41}', lastEventId: 'r:7' });
    assert.deepEqual(t.seen.deleted, [41]);
    assert.equal(t.stream.lastEventId, 'r:7');
    t.current().emit('error');
    t.timers.fire();
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A7`);
  });

  it('ignores data without a whole-number id', async () => {
    const t = await connected();
    for (const data of ['{}', '{"id": "41"}', '{"id": 1.5}', 'null', 'nonsense']) {
      t.current().emit('message-deleted', { data, lastEventId: 'r:8' });
    }
    assert.deepEqual(t.seen.deleted, []);
    assert.deepEqual(t.seen.messages, []);
    assert.equal(t.stream.lastEventId, 'r:8');
  });
});

describe('presence and typing events', () => {
  it('passes them on', async () => {
    const t = await connected();
    t.current().emit('presence', { data: '{"from": "alice", "status": "online"}' });
    t.current().emit('typing', { data: '{"from": "alice"}' });
    assert.deepEqual(t.seen.presence, [{ from: 'alice', status: 'online' }]);
    assert.deepEqual(t.seen.typing, [{ from: 'alice' }]);
    assert.deepEqual(t.seen.messages, []);
  });

  it('never moves the last event id, whatever the EventSource says', async () => {
    const t = await connected();
    t.current().emit('message', { data: '{"id": 6}', lastEventId: 'r:6' });
    // A browser gives an event without an id line the last id it saw; a proxy might give other
    // things. Neither is ours to resume after.
    t.current().emit('presence', { data: '{"from": "a", "status": "offline"}', lastEventId: 'r:6' });
    t.current().emit('typing', { data: '{"from": "a"}', lastEventId: 'bogus:99' });
    t.current().emit('presence', { data: '{"from": "b", "status": "online"}', lastEventId: '' });
    assert.equal(t.stream.lastEventId, 'r:6');
    t.current().emit('error');
    t.timers.fire();
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A6`);
  });

  it('do not count as news after a stream-reset', async () => {
    const t = await connected();
    t.current().emit('stream-reset');
    t.current().emit('presence', { data: '{"from": "a", "status": "online"}', lastEventId: 'r:5' });
    t.stream.resumeAfter('r:20');
    assert.equal(t.stream.lastEventId, 'r:20', 'the reloaded history says where to resume');
  });

  it('drops ones that are not JSON objects', async () => {
    const t = await connected();
    for (const data of ['not json', 'null', '']) {
      t.current().emit('presence', { data });
      t.current().emit('typing', { data });
    }
    assert.deepEqual([t.seen.presence, t.seen.typing], [[], []]);
  });

  it('says the page is awake at every event', async () => {
    const t = await connected(); // the open event
    for (const type of ['keep-alive', 'message', 'presence', 'typing']) t.current().emit(type, { data: '{}' });
    assert.equal(t.seen.alive, 5);
  });
});

describe('reconnecting', () => {
  it('reconnects after an error with the backoff delay, after the last event id', async () => {
    const t = await connected();
    t.current().emit('message', { data: '{}', lastEventId: 'r:6' });
    const first = t.current();
    first.emit('error');
    assert.ok(first.closed);
    assert.equal(t.seen.statuses.at(-1), 'reconnecting');
    assert.deepEqual(t.timers.delays, [500]);
    first.emit('error'); // already replaced: no second reconnect
    assert.deepEqual(t.timers.delays, [500]);
    t.timers.fire();
    assert.equal(t.sources.length, 2);
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A6`);

    t.current().emit('error');
    assert.deepEqual(t.timers.delays, [1000]);
    t.timers.fire();
    t.current().emit('error');
    assert.deepEqual(t.timers.delays, [2000]);
    t.timers.fire();
    t.current().emit('open'); // a success starts the backoff over
    t.current().emit('error');
    assert.deepEqual(t.timers.delays, [500]);
  });

  it('stops for good on stream-error', async () => {
    const t = await connected();
    const source = t.current();
    source.emit('stream-error', { data: '{"condition": "bad-request", "text": "Invalid request"}' });
    assert.ok(source.closed);
    assert.equal(t.seen.statuses.at(-1), 'closed');
    assert.deepEqual(t.seen.streamErrors, [{ condition: 'bad-request', text: 'Invalid request' }]);
    source.emit('error');
    t.goOffline();
    t.goOnline();
    assert.deepEqual(t.timers.delays, []);
    assert.equal(t.sources.length, 1);
  });

  it('gives a stream-error that is not JSON as its text', async () => {
    const t = await connected();
    t.current().emit('stream-error', { data: 'gone' });
    assert.deepEqual(t.seen.streamErrors, [{ text: 'gone' }]);
  });
});

describe('stream-reset', () => {
  it('reports it, and resumes after the reloaded history', async () => {
    const t = await connected();
    t.current().emit('stream-reset');
    assert.equal(t.seen.resets, 1);
    t.stream.resumeAfter('');
    assert.equal(t.stream.lastEventId, 'r:5');
    t.stream.resumeAfter('r:20');
    assert.equal(t.stream.lastEventId, 'r:20');
    t.current().emit('error');
    t.timers.fire();
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A20`);
  });

  it('keeps the stream\'s own id when messages came after the reset', async () => {
    const t = await connected();
    t.current().emit('stream-reset');
    t.current().emit('message', { data: '{}', lastEventId: 'r:21' });
    t.stream.resumeAfter('r:20');
    assert.equal(t.stream.lastEventId, 'r:21');
  });
  it('keeps its own id when there was no reset', async () => {
    const t = await connected();
    t.stream.resumeAfter('r:20');
    assert.equal(t.stream.lastEventId, 'r:5');
  });
});

describe('offline and online', () => {
  it('closes the stream offline and reconnects at once when back online', async () => {
    const t = await connected();
    t.current().emit('message', { data: '{}', lastEventId: 'r:6' });
    t.current().emit('error');
    t.timers.fire();
    t.current().emit('error'); // two failures: the next delay would be 2 s
    t.timers.fire();
    const source = t.current();
    t.goOffline();
    assert.ok(source.closed);
    assert.equal(t.seen.statuses.at(-1), 'offline');
    t.goOnline();
    assert.equal(t.sources.length, 4);
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A6`);
    t.current().emit('error');
    assert.deepEqual(t.timers.delays, [500], 'online starts the backoff over');
  });

  it('drops a pending reconnect when going offline', async () => {
    const t = await connected();
    t.current().emit('error');
    assert.deepEqual(t.timers.delays, [500]);
    t.goOffline();
    assert.deepEqual(t.timers.delays, []);
    assert.equal(t.seen.statuses.at(-1), 'offline');
  });

  it('waits for the online event after an error while the browser is offline', async () => {
    const t = await connected();
    t.network.online = false; // the error can come before the offline event
    t.current().emit('error');
    assert.equal(t.seen.statuses.at(-1), 'offline');
    assert.deepEqual(t.timers.delays, []);
    t.goOnline();
    assert.equal(t.sources.length, 2);
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A5`);
  });

  it('ignores online while connected', async () => {
    const t = await connected();
    t.goOnline();
    assert.equal(t.sources.length, 1);
    assert.ok(!t.current().closed);
  });

  it('catches up again when online before it ever caught up', async () => {
    let calls = 0;
    const t = setup({
      catchUp: async () => {
        if (++calls === 1) throw new Error('down');
        return 'r:2';
      },
    });
    t.stream.start();
    await settle();
    t.goOffline();
    assert.deepEqual(t.timers.delays, [], 'the retry waits for the online event');
    t.goOnline();
    await settle();
    assert.equal(calls, 2);
    assert.equal(t.current().url, `${URL_BASE}?lastEventId=r%3A2`);
  });

  it('does not catch up twice at once', async () => {
    let calls = 0;
    let finish;
    const t = setup({
      catchUp: () => {
        ++calls;
        return new Promise((resolve) => { finish = resolve; });
      },
    });
    t.stream.start();
    t.goOffline();
    t.goOnline();
    assert.equal(calls, 1);
    finish('r:3');
    await settle();
    assert.equal(t.sources.length, 1);
  });
});
