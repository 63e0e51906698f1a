// The list of messages: confirmed ones in id order and once each, our unconfirmed ones below.
// Notices from the page go in it too.
import { isMessage } from './api.js';
import { messageElement, setDate, setSendState } from './render.js';

const $ = window.jQuery;

export function createMessageList({ nick, scroller }) {
  const $list = $('#messages');
  const shown = new Map(); // message id -> <li>
  let oldestId = null;
  let localSeq = 0;

  // Confirmed messages sit in id order; pending and failed ones stay below them.
  function place($li, id) {
    $li.attr('data-id', String(id));
    shown.set(id, $li);
    const confirmed = $list.children('li[data-id]').not($li).get();
    for (let i = confirmed.length - 1; i >= 0; --i) {
      if (Number(confirmed[i].getAttribute('data-id')) < id) {
        $li.insertAfter(confirmed[i]);
        return;
      }
    }
    $list.prepend($li);
  }

  // A message from the history or the stream; false when it is not one or already shown.
  function add(message) {
    if (!isMessage(message) || shown.has(message.id)) return false;
    place(messageElement(message, nick), message.id);
    if (oldestId === null || message.id < oldestId) oldestId = message.id;
    return true;
  }

  // Our own message, shown before the server has it; its text is kept for retry and edit.
  function addPending(text) {
    const $li = messageElement({ from: nick, text, date: null }, nick);
    $li.attr('data-local', String(++localSeq)).data('text', text);
    $list.append($li);
    return $li;
  }

  // The unconfirmed line that a message of ours from the stream stands for, if any.
  function pendingLineFor(message) {
    if (!isMessage(message) || shown.has(message.id) || message.from !== nick) return null;
    const $li = $list.children('li.pending:not([data-id])')
      .filter((_, el) => $(el).data('text') === message.text).first();
    return $li.length ? $li : null;
  }

  function confirm($li, message) {
    scroller.keepingBottom(() => {
      setSendState($li, 'sent');
      setDate($li, message.date);
      place($li, message.id);
      if (oldestId === null) oldestId = message.id;
    });
  }

  function notice(text) {
    scroller.keepingBottom(() => $list.append($('<li class="notice" role="note">').text(text)));
  }

  return {
    add,
    addPending,
    pendingLineFor,
    confirm,
    notice,
    lineOf: (id) => shown.get(id),
    get size() {
      return shown.size;
    },
    get oldestId() {
      return oldestId;
    },
    // Clicks on a line's buttons: handler($li) for the line the button is in.
    onLineButton(selector, handler) {
      $list.on('click', selector, (event) => handler($(event.currentTarget).closest('li')));
    },
  };
}
