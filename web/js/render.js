// One message as a list item, and its send state.
// Names and texts go in through .text(), never as HTML: they are data, whatever they hold.
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
    return;
  }
  $time.attr('datetime', isoDate).attr('title', date.toLocaleString()).text(formatTime(date));
}

export function messageElement(message, nick) {
  const own = message.from === nick;
  const $li = $('<li class="msg">').toggleClass('own', own);
  const $meta = $('<div class="meta">');
  $meta.append($('<span class="from">').text(message.from));
  if (own) $meta.append($('<span class="visually-hidden">').text(' (you)'));
  $meta.append($('<time>'));
  $meta.append($('<span class="state">'));
  $li.append($meta, $('<div class="text">').text(message.text));
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

// state: 'pending', 'waiting' (with the seconds left), 'failed' (with the reason) or 'sent'.
export function setSendState($li, state, detail) {
  const onItsWay = state === 'pending' || state === 'waiting';
  $li.toggleClass('pending', onItsWay).toggleClass('failed', state === 'failed');
  $li.toggleClass('waiting', state === 'waiting');
  $li.find('.send-error, .actions').remove();
  const $state = $li.find('.state');
  if (state === 'pending') {
    $state.text('sending…');
  } else if (state === 'waiting') {
    $state.text(`sending in ${detail} s`);
  } else if (state === 'failed') {
    const reason = detail;
    $state.text('not sent');
    const $error = $('<p class="send-error" role="alert">').text('Not sent: ' + reason);
    $li.append($error, failureActions());
  } else {
    $state.text('');
  }
}
