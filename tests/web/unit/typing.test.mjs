// web/js/typing.js with fake timers and a fake clock: who is shown typing, for how long, and
// how often our own typing is sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  TYPING_EVERY_MS, TYPING_SHOWN_MS, createTypingNotifier, createTypingTracker, typingSentence,
} from '../../../web/js/typing.js';

// Timers on a clock of our own: advance(ms) runs whatever falls due, in order.
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const pending = new Map();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      pending.set(nextId, { callback, due: now + ms });
      return nextId++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.due <= end)
          .sort((a, b) => a[1].due - b[1].due)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].due;
        due[1].callback();
      }
      now = end;
    },
    get pending() {
      return pending.size;
    },
  };
}

function tracker(me = 'me') {
  const clock = fakeClock();
  const changes = [];
  const t = createTypingTracker({ me, timers: clock, onChange: (names) => changes.push(names) });
  return { t, clock, changes };
}

describe('typingSentence', () => {
  it('names one, two or three, and counts the rest', () => {
    assert.equal(typingSentence([]), '');
    assert.equal(typingSentence(['alice']), 'alice is typing…');
    assert.equal(typingSentence(['alice', 'bob']), 'alice and bob are typing…');
    assert.equal(typingSentence(['alice', 'bob', 'carol']), 'alice, bob and carol are typing…');
    assert.equal(typingSentence(['alice', 'bob', 'carol', 'dave']), 'alice, bob and 2 others are typing…');
    assert.equal(typingSentence(['a', 'b', 'c', 'd', 'e', 'f']), 'a, b and 4 others are typing…');
  });
});

describe('createTypingTracker', () => {
  it('shows a name for five seconds after its last typing event', () => {
    const { t, clock, changes } = tracker();
    assert.equal(TYPING_SHOWN_MS, 5000);
    t.heard('alice');
    assert.deepEqual(changes, [['alice']]);
    clock.advance(4000);
    t.heard('alice'); // typing on: the five seconds start again, and nothing changed
    assert.deepEqual(changes, [['alice']]);
    clock.advance(4999);
    assert.deepEqual(t.names, ['alice']);
    clock.advance(1);
    assert.deepEqual(t.names, []);
    assert.deepEqual(changes, [['alice'], []]);
    assert.equal(clock.pending, 0);
  });

  it('keeps the order they started in, and times each name on its own', () => {
    const { t, clock } = tracker();
    t.heard('bob');
    clock.advance(1000);
    t.heard('alice');
    clock.advance(1000);
    t.heard('bob');
    assert.deepEqual(t.names, ['bob', 'alice']);
    clock.advance(4000); // alice's five seconds are up, bob's not
    assert.deepEqual(t.names, ['bob']);
    clock.advance(1000);
    assert.deepEqual(t.names, []);
  });

  it('drops a name when they stop (a message from them, or leaving)', () => {
    const { t, clock, changes } = tracker();
    t.heard('alice');
    t.heard('bob');
    t.stopped('alice');
    assert.deepEqual(t.names, ['bob']);
    t.stopped('carol'); // not typing: nothing changes
    assert.deepEqual(changes, [['alice'], ['alice', 'bob'], ['bob']]);
    assert.equal(clock.pending, 1, 'alice\'s timer is gone');
    t.heard('alice');
    assert.deepEqual(t.names, ['bob', 'alice'], 'back at the end after stopping');
  });

  it('never shows our own name, nor nonsense', () => {
    const { t, changes } = tracker('me');
    for (const name of ['me', '', null, undefined, 42, {}]) t.heard(name);
    assert.deepEqual(t.names, []);
    assert.deepEqual(changes, []);
  });
});

describe('createTypingNotifier', () => {
  it('sends at the first keystroke, then at most every two seconds', () => {
    const clock = fakeClock();
    let sent = 0;
    const n = createTypingNotifier({ send: () => ++sent, now: clock.now });
    assert.equal(TYPING_EVERY_MS, 2000);
    n.typed();
    assert.equal(sent, 1);
    for (let i = 0; i < 19; ++i) {
      clock.advance(100);
      n.typed();
    }
    assert.equal(sent, 1, '1.9 s of keystrokes');
    clock.advance(100);
    n.typed();
    assert.equal(sent, 2);
    clock.advance(10000);
    n.typed();
    n.typed();
    assert.equal(sent, 3);
  });
});
