// Our own messages on their way: pending, confirmed, or failed with retry, edit and discard.
// A message is confirmed by the POST's answer or by the stream, whichever comes first.
import { setSendState } from './render.js';

const $ = window.jQuery;

export function createOutbox({ nick, api, list, scroller, composer }) {
  function send($li) {
    setSendState($li, 'pending');
    api.post(nick, $li.data('text')).then((message) => {
      const line = list.lineOf(message.id);
      if (line?.[0] === $li[0]) return; // adopted from the stream
      if (line) {
        if (!$li.attr('data-id')) $li.remove(); // the stream showed it already
        return;
      }
      list.confirm($li, message);
    }, (error) => {
      setSendState($li, 'failed', error.message);
    });
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
