// Our own messages on their way: sent one at a time, in the order written. Each is pending,
// confirmed, waiting ("sending in N s", when the server asks for it again later: over the post
// rate, or unable to store for now), or failed with retry, edit and discard. A message is
// confirmed by the POST's answer or by the stream, whichever comes first; a waiting one is
// never dropped.
import { RetryLater } from './api.js';
import { setSendState } from './render.js';

const $ = window.jQuery;

export function createOutbox({ nick, api, list, scroller, composer, timers = window }) {
  const queue = []; // lines to post, oldest first
  let sending = false;

  function confirmed($li, message) {
    const line = list.lineOf(message.id);
    if (line?.[0] === $li[0]) return; // adopted from the stream
    if (line) {
      if (!$li.attr('data-id')) $li.remove(); // the stream showed it already
      return;
    }
    list.confirm($li, message);
  }

  // Counts down on the line, then puts it back at the head of the queue.
  function waitThenSend($li, ms) {
    const due = Date.now() + ms;
    const tick = () => {
      const left = Math.ceil((due - Date.now()) / 1000);
      if (left > 0) {
        setSendState($li, 'waiting', left);
        timers.setTimeout(tick, Math.min(1000, due - Date.now()));
        return;
      }
      queue.unshift($li);
      sending = false;
      pump();
    };
    tick();
  }

  function pump() {
    if (sending || queue.length === 0) return;
    sending = true;
    const $li = queue.shift();
    setSendState($li, 'pending');
    api.post(nick, $li.data('text')).then((message) => {
      confirmed($li, message);
      sending = false;
      pump();
    }, (error) => {
      if (error instanceof RetryLater) {
        waitThenSend($li, error.retryAfterMs); // the rest stay behind it, in order
        return;
      }
      setSendState($li, 'failed', error.message);
      sending = false;
      pump();
    });
  }

  function send($li) {
    setSendState($li, 'pending');
    queue.push($li);
    pump();
  }

  function submit(text) {
    const $li = list.addPending(text);
    if (list.size === 0) $('#history-start').prop('hidden', true); // "no messages yet"
    scroller.toBottom();
    send($li);
  }

  // Our own message back through the stream before the POST answered: confirm the pending line
  // instead of showing it twice. False when the message is not one of those.
  function adopt(message) {
    const $li = list.pendingLineFor(message);
    if (!$li) return false;
    list.confirm($li, message);
    return true;
  }

  list.onLineButton('.retry', send);
  list.onLineButton('.edit', ($li) => {
    composer.takeBack($li.data('text'));
    $li.remove();
  });
  list.onLineButton('.discard', ($li) => {
    $li.remove();
    composer.focus();
  });

  return { submit, adopt };
}
