// Who else is typing in the room and the sentence that says so, and the pace of our own typing
// events. No DOM: the timers and the clock are injected.

export const TYPING_SHOWN_MS = 5000; // a name stays this long after its last typing event
export const TYPING_EVERY_MS = 2000; // the server passes on one per nickname this often

// names in the order they started typing.
export function typingSentence(names) {
  const [first, second, third] = names;
  switch (names.length) {
    case 0: return '';
    case 1: return `${first} is typing…`;
    case 2: return `${first} and ${second} are typing…`;
    case 3: return `${first}, ${second} and ${third} are typing…`;
    default: return `${first}, ${second} and ${names.length - 2} others are typing…`;
  }
}

// onChange(names) whenever the list changes. Our own nickname (me) is never in it.
export function createTypingTracker({ me, timers = globalThis, shownMs = TYPING_SHOWN_MS,
  onChange = () => {} }) {
  const typing = new Map(); // nickname -> its timer; a Map keeps the order they started in

  const names = () => [...typing.keys()];

  // A message from them, or them leaving: they stopped.
  function stopped(name) {
    if (!typing.has(name)) return;
    timers.clearTimeout(typing.get(name));
    typing.delete(name);
    onChange(names());
  }

  function heard(name) {
    if (typeof name !== 'string' || name === '' || name === me) return;
    const known = typing.has(name);
    if (known) timers.clearTimeout(typing.get(name));
    typing.set(name, timers.setTimeout(() => stopped(name), shownMs));
    if (!known) onChange(names());
  }

  return { heard, stopped, get names() { return names(); } };
}

// send() at the first keystroke and then at most every everyMs while the typing goes on.
// Sending after a message does not start over: the server counts from the last one it passed.
export function createTypingNotifier({ send, now = Date.now, everyMs = TYPING_EVERY_MS }) {
  let last = -Infinity;
  return {
    typed() {
      const time = now();
      if (time - last < everyMs) return;
      last = time;
      send();
    },
  };
}
