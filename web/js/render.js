// One message as a list item, and its send state.
// Names and texts go in through .text() and text nodes, never as HTML: they are data, whatever
// they hold. Links are <a> elements built here, with an http(s) href checked by links.js.
import { splitLinks } from './links.js';

const $ = window.jQuery;

function formatTime(date) {
  const now = new Date();
  const time = date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  if (date.toDateString() === now.toDateString()) return time;
  return date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + time;
}

export function setDate($li, isoDate) {
  const $time = $li.find('time');
  const date = isoDate ? new Date(isoDate) : null;
  if (!date || Number.isNaN(date.getTime())) {
    $time.attr('datetime', null).removeAttr('title').text('');
    $li.removeAttr('title');
    return;
  }
  // The bubble's title too: a line grouped under the one above hides its time.
  $li.attr('title', date.toLocaleString());
  $time.attr('datetime', isoDate).attr('title', date.toLocaleString()).text(formatTime(date));
}

// A new tab that knows nothing of this page (noopener) and is not told where it came from.
function linkElement(part) {
  return $('<a>').attr({ href: part.href, target: '_blank', rel: 'noopener noreferrer' })
    .text(part.text);
}

function textElement(text) {
  const $text = $('<div class="text">');
  for (const part of splitLinks(text)) {
    $text.append(part.href ? linkElement(part) : document.createTextNode(part.text));
  }
  return $text;
}

export function messageElement(message, nick) {
  const own = message.from === nick;
  const $li = $('<li class="msg">').toggleClass('own', own).data('from', message.from);
  const $meta = $('<div class="meta">');
  $meta.append($('<span class="from">').text(message.from));
  if (own) $meta.append($('<span class="visually-hidden">').text(' (you)'));
  $meta.append($('<time>'));
  $meta.append($('<span class="state">'));
  $li.append($meta, textElement(message.text));
  setDate($li, message.date);
  return $li;
}

function failureActions() {
  const $actions = $('<div class="actions">');
  $actions.append($('<button type="button" class="retry">').text('Retry'));
  $actions.append($('<button type="button" class="edit">').text('Edit'));
  $actions.append($('<button type="button" class="discard">').text('Discard'));
  return $actions;
}

// The states of a line on its way, with what it says: 'pending'; 'waiting' (the server asked
// for it again in detail seconds); 'retrying' (no answer: again in detail seconds); 'offline'
// (until the connection is back).
const ON_ITS_WAY = {
  pending: () => 'sending…',
  waiting: (seconds) => `sending in ${seconds} s`,
  retrying: (seconds) => `no connection: trying again in ${seconds} s`,
  offline: () => 'waiting for the connection…',
};

// state: one of ON_ITS_WAY, 'failed' (detail: the reason) or 'sent'.
export function setSendState($li, state, detail) {
  const onItsWay = state in ON_ITS_WAY;
  $li.toggleClass('pending', onItsWay).toggleClass('failed', state === 'failed');
  $li.toggleClass('waiting', onItsWay && state !== 'pending');
  $li.find('.send-error, .actions').remove();
  const $state = $li.find('.state');
  if (onItsWay) {
    $state.text(ON_ITS_WAY[state](detail));
  } else if (state === 'failed') {
    $state.text('not sent');
    const $error = $('<p class="send-error" role="alert">').text('Not sent: ' + detail);
    $li.append($error, failureActions());
  } else {
    $state.text('');
  }
}
