// Our own messages on their way: sent one at a time, in the order written, each with an
// Idempotency-Key made once and reused by every retry, so the server stores it once however
// often it goes. A line is pending; confirmed; waiting ("sending in N s": the server asked for
// it again later, over the post rate or unable to store for now); without an answer (sent
// again with backoff, or as soon as the connection is back); held while the browser is
// offline; or failed with retry, edit and discard. A message is confirmed by the POST's answer
// or by the stream, whichever comes first; a line on its way is never dropped.
import { RetryLater, Unreachable, newIdempotencyKey } from './api.js';
import { createBackoff } from './backoff.js';
import { setSendState } from './render.js';

const $ = window.jQuery;

const RESEND = { baseMs: 1000, maxMs: 30000 };

// isOnline(): false while the browser knows it has no network (then nothing is tried).
export function createOutbox({ nick, api, list, scroller, composer, isOnline = () => true,
  backoff = createBackoff(RESEND), timers = window, newKey = newIdempotencyKey }) {
  const queue = []; // lines to post, oldest first
  let sending = false; // a line is at the head: posted, or waiting to be posted again
  let resumeNow = null; // while the head waits for the connection: sends it at once

  function next() {
    sending = false;
    resumeNow = null;
    pump();
  }

  // The head line goes again before any other.
  function again($li) {
    queue.unshift($li);
    next();
  }

  function confirmed($li, message) {
    const line = list.lineOf(message.id);
    if (line?.[0] === $li[0]) return; // adopted from the stream
    if (line) {
      if (!$li.attr('data-id')) list.remove($li); // the stream showed it already
      return;
    }
    list.confirm($li, message);
  }

  // Counts down on the line in state ('waiting' or 'retrying'), then sends it again.
  function waitThenSend($li, ms, state) {
    const due = Date.now() + ms;
    let timer = null;
    const tick = () => {
      const left = Math.ceil((due - Date.now()) / 1000);
      if (left <= 0) {
        again($li);
        return;
      }
      setSendState($li, state, left);
      timer = timers.setTimeout(tick, Math.min(1000, due - Date.now()));
    };
    // A server that asked for a pause gets it; a lost connection coming back ends the wait.
    if (state === 'retrying') {
      resumeNow = () => {
        timers.clearTimeout(timer);
        again($li);
      };
    }
    tick();
  }

  function holdUntilOnline($li) {
    setSendState($li, 'offline');
    resumeNow = () => again($li);
  }

  // No answer: stored or not, the key makes sending it again safe.
  function lost($li) {
    if (!isOnline()) holdUntilOnline($li);
    else waitThenSend($li, backoff.next(), 'retrying');
  }

  function failed($li, error) {
    if ($li.attr('data-id')) next(); // the stream confirmed it meanwhile
    else if (error instanceof Unreachable) lost($li);
    else if (error instanceof RetryLater) waitThenSend($li, error.retryAfterMs, 'waiting');
    else {
      setSendState($li, 'failed', error.message);
      next();
    }
  }

  function pump() {
    if (sending || queue.length === 0) return;
    const $li = queue.shift();
    if ($li.attr('data-id')) { // confirmed by the stream while it waited its turn
      pump();
      return;
    }
    sending = true;
    if (!isOnline()) {
      holdUntilOnline($li);
      return;
    }
    setSendState($li, 'pending');
    api.post(nick, $li.data('text'), $li.data('key')).then((message) => {
      backoff.reset();
      confirmed($li, message);
      next();
    }, (error) => failed($li, error));
  }

  function send($li) {
    setSendState($li, resumeNow || !isOnline() ? 'offline' : 'pending');
    queue.push($li);
    pump();
  }

  function submit(text) {
    const $li = list.addPending(text, newKey());
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

  // The connection is back (the online event, the stream reconnected): what waits for it goes.
  function resume() {
    if (!resumeNow) return;
    backoff.reset();
    for (const $li of queue) setSendState($li, 'pending');
    resumeNow();
  }

  list.onLineButton('.retry', send); // the same line, so the same key
  list.onLineButton('.edit', ($li) => {
    composer.takeBack($li.data('text'));
    list.remove($li);
  });
  list.onLineButton('.discard', ($li) => {
    list.remove($li);
    composer.focus();
  });

  return { submit, adopt, resume };
}
