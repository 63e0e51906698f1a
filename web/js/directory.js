// The rooms directory in the side panel: the most recently active rooms, refreshed now and then,
// each a link that joins it with the same nickname; and a field to go to a room by name.
import { PAGE_SIZE } from './api.js';
import { chatUrl } from './urls.js';
import { asSentence, roomNameProblem } from './validation.js';

const $ = window.jQuery;

const REFRESH_MS = 30000;
const MAX_LIMIT = 200; // the most the server gives in one page

function plural(count, one, many) {
  return count + ' ' + (count === 1 ? one : many);
}

function roomItem(entry, nick, current) {
  const $link = $('<a class="room-link">').attr('href', chatUrl(entry.name, nick));
  if (current) $link.attr('aria-current', 'page');
  $link.append($('<span class="room-label">').text('#' + entry.name));
  const $meta = $('<span class="room-meta">')
    .text(entry.messages ? plural(entry.messages, 'message', 'messages') : 'no messages yet');
  if (entry.online) {
    $meta.append($('<span class="room-online">').text(entry.online + ' online'));
  }
  $link.append($meta);
  return $('<li>').append($link);
}

export function createDirectory({ room, nick, api }) {
  const $rooms = $('#rooms');
  const $more = $('#more-rooms');
  const $error = $('#rooms-error');
  let entries = [];
  let hasMore = false;

  // The room we are in is listed even before it has a message (the server lists those only).
  function show() {
    const listed = entries.some((entry) => entry.name === room)
      ? entries : [{ name: room, messages: 0, online: 0 }, ...entries];
    $rooms.empty().append(listed.map((entry) => roomItem(entry, nick, entry.name === room)));
    $more.prop('hidden', !hasMore).prop('disabled', false);
  }

  function failed(error) {
    $error.text('Could not load the rooms: ' + error.message).prop('hidden', false);
    $more.prop('disabled', false);
  }

  // As many rooms as are shown now, so a refresh does not take back a page the reader asked for.
  function refresh() {
    const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, entries.length));
    api.rooms({ limit }).then((rooms) => {
      entries = rooms;
      hasMore = rooms.length >= limit;
      $error.prop('hidden', true);
      show();
    }, failed);
  }

  function loadMore() {
    if (!entries.length) return;
    $more.prop('disabled', true);
    api.rooms({ before: entries.at(-1).name }).then((rooms) => {
      const known = new Set(entries.map((entry) => entry.name));
      entries = entries.concat(rooms.filter((entry) => !known.has(entry.name)));
      hasMore = rooms.length >= PAGE_SIZE;
      show();
    }, failed);
  }

  function goTo(event) {
    event.preventDefault();
    const name = String($('#new-room').val()).trim();
    const problem = roomNameProblem(name);
    $('#new-room-error').text(asSentence(problem));
    $('#new-room').attr('aria-invalid', problem ? 'true' : null);
    if (!problem) window.location.assign(chatUrl(name, nick));
  }

  $more.on('click', loadMore);
  $('#new-room-form').on('submit', goTo);
  // Only a tab someone looks at needs a fresh list; a tab looked at again gets one at once.
  window.setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  show();
  refresh();

  return { refresh };
}
