// The list of messages: confirmed ones in id order and once each, our unconfirmed ones below,
// each run from one person within a few minutes grouped under one name line.
// Notices from the page go in it too (and end a group).
import { isMessage } from './api.js';
import { continuesGroup } from './grouping.js';
import { messageElement, setDate, setSendState } from './render.js';

const $ = window.jQuery;

// Who wrote a line and when; a line not yet dated (pending) counts as written now.
function groupKey(el) {
  if (!el?.classList.contains('msg')) return null;
  const datetime = el.querySelector('time')?.getAttribute('datetime');
  return { from: $(el).data('from'), at: datetime ? Date.parse(datetime) : Date.now() };
}

function regroupLine(el) {
  if (!el?.classList.contains('msg')) return;
  const continued = continuesGroup(groupKey(el.previousElementSibling), groupKey(el));
  el.classList.toggle('continued', continued);
}

// Runs change() on a line that may move, appear or go, then regroups the lines it touched: its
// old neighbour below, the line itself and its new neighbour below.
function regrouping($li, change) {
  const oldNext = $li[0].nextElementSibling;
  change();
  const el = $li[0];
  const lines = [oldNext];
  if (el.isConnected) lines.push(el, el.nextElementSibling);
  lines.forEach(regroupLine);
}

export function createMessageList({ nick, scroller }) {
  const $list = $('#messages');
  const shown = new Map(); // message id -> <li>
  const deleted = new Set(); // ids the operator removed: never shown again
  let oldestId = null;
  let localSeq = 0;

  // Confirmed messages sit in id order; pending and failed ones stay below them.
  function insertInOrder($li, id) {
    const confirmed = $list.children('li[data-id]').not($li).get();
    for (let i = confirmed.length - 1; i >= 0; --i) {
      if (Number(confirmed[i].getAttribute('data-id')) < id) {
        $li.insertAfter(confirmed[i]);
        return;
      }
    }
    $list.prepend($li);
  }

  function place($li, id) {
    $li.attr('data-id', String(id));
    shown.set(id, $li);
    regrouping($li, () => insertInOrder($li, id));
  }

  // A message from the history or the stream; false when it is not one or already shown.
  function add(message) {
    if (!isMessage(message) || shown.has(message.id) || deleted.has(message.id)) return false;
    place(messageElement(message, nick), message.id);
    if (oldestId === null || message.id < oldestId) oldestId = message.id;
    return true;
  }

  // Our own message, shown before the server has it; its text and the key that makes its
  // retries safe are kept for retry and edit.
  function addPending(text, idempotencyKey) {
    const $li = messageElement({ from: nick, text, date: null }, nick);
    $li.attr('data-local', String(++localSeq)).data({ text, key: idempotencyKey });
    regrouping($li, () => $list.append($li));
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

  // An unconfirmed line that is not needed any more (shown already, edited or discarded).
  function remove($li) {
    regrouping($li, () => $li.remove());
  }

  // A message the operator removed goes, wherever it is, and stays gone.
  function removeMessage(id) {
    deleted.add(id);
    const $li = shown.get(id);
    if (!$li) return false;
    shown.delete(id);
    scroller.keepingBottom(() => regrouping($li, () => $li.remove()));
    return true;
  }

  function notice(text) {
    scroller.keepingBottom(() => {
      const $notice = $('<li class="notice" role="note">').text(text);
      regrouping($notice, () => $list.append($notice));
    });
  }

  return {
    add,
    addPending,
    pendingLineFor,
    confirm,
    remove,
    removeMessage,
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
