// web/js/presence.js: the roster of who is online, the heartbeat schedule (with fake timers) and
// the leaving (with a fake fetchLater and sendBeacon).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  HEARTBEAT_EVERY_MS, compareNames, createHeartbeat, createLeaving, createRoster, isPresenceEvent,
} from '../../../web/js/presence.js';

const online = (from) => ({ from, status: 'online' });
const offline = (from) => ({ from, status: 'offline' });

describe('isPresenceEvent', () => {
  it('wants a nickname and online or offline', () => {
    assert.ok(isPresenceEvent(online('a')));
    assert.ok(isPresenceEvent(offline('a')));
    for (const value of [null, {}, { from: 'a' }, { from: '', status: 'online' },
      { from: 'a', status: 'away' }, { from: 1, status: 'online' }, 'online']) {
      assert.equal(isPresenceEvent(value), false, JSON.stringify(value));
    }
  });
});

describe('compareNames', () => {
  it('sorts for people, and still totally', () => {
    assert.deepEqual(['bob', 'Zoë', 'alice', 'Émile', 'Alice'].sort(compareNames),
      ['Alice', 'alice', 'bob', 'Émile', 'Zoë']);
  });
});

describe('createRoster', () => {
  it('takes the server\'s list, then follows the events', () => {
    const roster = createRoster();
    const snapshot = roster.beginSnapshot();
    snapshot.done(['carol', 'alice']);
    assert.deepEqual(roster.names, ['alice', 'carol']);
    assert.equal(roster.apply(online('bob')), true);
    assert.equal(roster.apply(online('bob')), false, 'a heartbeat changes nothing');
    assert.equal(roster.apply(offline('carol')), true);
    assert.equal(roster.apply(offline('dave')), false);
    assert.equal(roster.apply({ from: 'x', status: 'away' }), false);
    assert.deepEqual(roster.names, ['alice', 'bob']);
    assert.ok(roster.has('bob') && !roster.has('carol'));
  });

  it('applies the events heard while the list was on its way on top of it', () => {
    const roster = createRoster();
    roster.apply(online('old'));
    const snapshot = roster.beginSnapshot();
    roster.apply(online('bob')); // after the server answered: not in its list
    roster.apply(offline('alice')); // the list still has her
    snapshot.done(['alice', 'carol']);
    assert.deepEqual(roster.names, ['bob', 'carol']);
    roster.apply(online('dave'));
    assert.deepEqual(roster.names, ['bob', 'carol', 'dave'], 'the log ends with the answer');
  });

  it('keeps what it has when the list cannot be had', () => {
    const roster = createRoster();
    roster.apply(online('alice'));
    const snapshot = roster.beginSnapshot();
    roster.apply(online('bob'));
    snapshot.failed();
    snapshot.done(['zed']); // too late: already given up
    assert.deepEqual(roster.names, ['alice', 'bob']);
  });

  it('lets two lists overlap, each with its own events', () => {
    const roster = createRoster();
    const first = roster.beginSnapshot();
    roster.apply(online('a'));
    const second = roster.beginSnapshot();
    roster.apply(online('b'));
    second.done(['a', 'x']);
    assert.deepEqual(roster.names, ['a', 'b', 'x']);
    first.done(['x']); // older, but its log has both events
    assert.deepEqual(roster.names, ['a', 'b', 'x']);
  });
});

function fakeTimers() {
  let now = 0;
  const pending = new Map();
  let nextId = 1;
  return {
    now: () => now,
    setTimeout(callback, ms) {
      pending.set(nextId, { callback, due: now + ms });
      return nextId++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    // Moves the clock without running timers (a throttled background tab).
    skip(ms) {
      now += ms;
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const [id, timer] = [...pending.entries()].sort((a, b) => a[1].due - b[1].due)[0] ?? [];
        if (!timer || timer.due > end) break;
        pending.delete(id);
        now = timer.due;
        timer.callback();
      }
      now = end;
    },
    get pending() {
      return pending.size;
    },
  };
}

describe('createHeartbeat', () => {
  function setup() {
    const timers = fakeTimers();
    const beats = [];
    const heartbeat = createHeartbeat({ beat: () => beats.push(timers.now()), timers, now: timers.now });
    return { timers, beats, heartbeat };
  }

  it('beats at once and then every 20 s', () => {
    const { timers, beats, heartbeat } = setup();
    assert.equal(HEARTBEAT_EVERY_MS, 20000);
    heartbeat.beatNow();
    timers.advance(65000);
    assert.deepEqual(beats, [0, 20000, 40000, 60000]);
    assert.equal(timers.pending, 1);
  });

  it('beats when something wakes the page and one is overdue, and only then', () => {
    const { timers, beats, heartbeat } = setup();
    heartbeat.beatNow();
    timers.skip(19999);
    heartbeat.ifDue();
    assert.deepEqual(beats, [0]);
    timers.skip(41001); // the timer did not fire: throttled
    heartbeat.ifDue();
    assert.deepEqual(beats, [0, 61000]);
    timers.advance(20000); // and the schedule starts from there
    assert.deepEqual(beats, [0, 61000, 81000]);
  });

  it('stops until told to beat again', () => {
    const { timers, beats, heartbeat } = setup();
    heartbeat.ifDue();
    assert.deepEqual(beats, [], 'not started yet');
    heartbeat.beatNow();
    heartbeat.stop();
    timers.advance(100000);
    heartbeat.ifDue();
    assert.deepEqual(beats, [0]);
    assert.equal(timers.pending, 0);
    heartbeat.beatNow();
    assert.deepEqual(beats, [0, 100000]);
  });
});

describe('createLeaving', () => {
  const URL = '/rooms/r/presence/';
  const form = () => new URLSearchParams({ from: 'bob', status: 'offline' });

  function setup({ withFetchLater = true, refuse = null } = {}) {
    const deferred = []; // { url, method, body, signal }
    const beacons = [];
    const errors = [];
    const leaving = createLeaving({
      url: URL,
      form,
      fetchLater: withFetchLater ? (url, init) => {
        if (refuse) throw refuse;
        deferred.push({ url, method: init.method, body: String(init.body), signal: init.signal });
      } : null,
      sendBeacon: (url, body) => {
        beacons.push({ url, body: String(body) });
        return true;
      },
      onError: (error) => errors.push(error.message),
    });
    return { leaving, deferred, beacons, errors };
  }

  it('hands the leaving to the browser when armed, for the page to go away at any time', () => {
    const { leaving, deferred, beacons } = setup();
    leaving.arm();
    assert.equal(deferred.length, 1);
    assert.deepEqual({ ...deferred[0], signal: undefined },
      { url: URL, method: 'POST', body: 'from=bob&status=offline', signal: undefined });
    assert.equal(deferred[0].signal.aborted, false);
    assert.deepEqual(beacons, [], 'nothing goes before the page is hidden');
  });

  it('sends the beacon at pagehide as well, and arms anew back from the cache', () => {
    const { leaving, deferred, beacons } = setup();
    leaving.arm();
    leaving.left();
    assert.deepEqual(beacons, [{ url: URL, body: 'from=bob&status=offline' }]);
    leaving.arm(); // pageshow, persisted
    assert.equal(deferred.length, 2);
    assert.equal(deferred[0].signal.aborted, true, 'the one before is called off');
    assert.equal(deferred[1].signal.aborted, false);
  });

  it('falls back on the beacon alone without fetchLater, or when it refuses', () => {
    const without = setup({ withFetchLater: false });
    without.leaving.arm();
    without.leaving.left();
    assert.equal(without.beacons.length, 1);

    const refused = setup({ refuse: new Error('over the quota') });
    refused.leaving.arm();
    assert.deepEqual(refused.errors, ['over the quota']);
    refused.leaving.left();
    assert.equal(refused.beacons.length, 1);
  });
});
