// The room's history: the latest page, older pages on request, and the note at its very start.
import { PAGE_SIZE } from './api.js';

const $ = window.jQuery;

const LOAD_OLDER = 'Load older messages';

export function createHistory({ room, api, list, scroller }) {
  const $older = $('#load-older');
  const $start = $('#history-start');

  // A full page means there may be more before it.
  function showEdge(hasMore) {
    $older.prop('hidden', !hasMore).prop('disabled', false).text(LOAD_OLDER);
    $start.text(list.size ? 'This is the beginning of #' + room + '.'
      : 'No messages in #' + room + ' yet. Say hello!')
      .prop('hidden', hasMore);
  }

  // Resolves with the event id the stream resumes after.
  async function loadLatest() {
    const { messages, lastEventId } = await api.latest();
    messages.slice().reverse().forEach(list.add); // oldest first: each goes in at the end
    showEdge(messages.length >= PAGE_SIZE);
    return lastEventId;
  }

  function loadOlder() {
    if (list.oldestId === null) return;
    $older.prop('disabled', true).text('Loading…');
    const restorePlace = scroller.rememberPlace(); // keep what the reader was looking at
    api.older(list.oldestId, PAGE_SIZE).then((messages) => {
      messages.forEach(list.add);
      restorePlace();
      showEdge(messages.length >= PAGE_SIZE);
    }).catch((error) => {
      $older.prop('disabled', false).text(LOAD_OLDER + ' (failed: ' + error.message + ', retry)');
    });
  }

  $older.on('click', loadOlder);

  return { loadLatest };
}
