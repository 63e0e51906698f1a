// "alice is typing…" under the message list, and our own typing events while we write.
import { createTypingNotifier, createTypingTracker, typingSentence } from './typing.js';

const $ = window.jQuery;

export function createTypingLine({ nick, api }) {
  const $line = $('#typing');
  const tracker = createTypingTracker({
    me: nick,
    timers: window,
    onChange: (names) => $line.text(typingSentence(names)),
  });
  const notifier = createTypingNotifier({
    send: () => api.typing(nick).catch((error) => console.debug('typing:', error.message)),
  });

  return {
    // A typing event from the stream.
    heard: (event) => tracker.heard(event?.from),
    // A message from them, or them going offline: no longer typing.
    stopped: (name) => tracker.stopped(name),
    // We typed: tell the room, at the pace the server passes it on.
    typed: () => notifier.typed(),
  };
}
