// The chat page: wires the list, history, composer, outbox and live stream of one room.
import { createRoomApi } from './api.js';
import { announce, createScroller, createUnreadTitle } from './attention.js';
import { createBackoff } from './backoff.js';
import { createComposer } from './composer.js';
import { createHistory } from './history.js';
import { createMessageList } from './messagelist.js';
import { createOutbox } from './outbox.js';
import { rememberNickname } from './remembered.js';
import { createRoomStream } from './roomstream.js';
import { eventsPath, pagePath } from './urls.js';

const $ = window.jQuery;

const RECONNECT = { baseMs: 1000, maxMs: 30000 };

// The stream's states as the header shows them: [data-state, text].
const STATUS = {
  connecting: ['connecting', 'Connecting…'],
  connected: ['connected', 'Connected'],
  reconnecting: ['reconnecting', 'Reconnecting…'],
  offline: ['offline', 'Offline'],
  closed: ['offline', 'Stream error'],
};

function setStatus(state) {
  const [dataState, text] = STATUS[state];
  $('#status').attr('data-state', dataState);
  $('#status-text').text(text);
}

function showHeader(room, nick) {
  $('#me').text(nick);
  $('#room-title').text('#' + room);
  $('#change-nick').attr('href', pagePath(room));
  $('#chat').prop('hidden', false);
}

function streamErrorText(detail) {
  return 'Stream error: ' + [detail.condition, detail.text].filter(Boolean).join(': ');
}

export function startChat(room, nick) {
  rememberNickname(nick);
  showHeader(room, nick);
  const title = createUnreadTitle(room);
  const api = createRoomApi(room);
  const composer = createComposer({ onSend: (text) => outbox.submit(text) });
  composer.focus();
  const scroller = createScroller({ onJump: composer.focus });
  const list = createMessageList({ nick, scroller });
  const history = createHistory({ room, api, list, scroller });
  const outbox = createOutbox({ nick, api, list, scroller, composer });

  // A live message: stick to the bottom only when already there.
  function showLive(message) {
    const stick = scroller.atBottom();
    if (outbox.adopt(message) || !list.add(message)) return;
    if (message.from !== nick) {
      announce(message);
      title.countIfHidden();
    }
    if (stick) scroller.toBottom();
    else scroller.countUnseen();
  }

  // After stream-reset the server cannot replay what we missed: reload the history instead.
  function reloadHistory() {
    list.notice('Missed too much while away: reloading the history.');
    history.loadLatest().then((id) => {
      stream.resumeAfter(id);
      scroller.toBottom();
    }).catch((error) => {
      list.notice('Could not reload the history: ' + error.message);
    });
  }

  const stream = createRoomStream({
    url: eventsPath(room),
    catchUp: () => history.loadLatest().then((id) => {
      scroller.toBottom();
      return id;
    }),
    EventSource: window.EventSource,
    backoff: createBackoff(RECONNECT),
    timers: window,
    isOnline: () => navigator.onLine,
    connectivity: window,
    on: {
      status: setStatus,
      message: showLive,
      reset: reloadHistory,
      streamError: (detail) => list.notice(streamErrorText(detail)),
      catchUpFailed: (error) => console.warn('history:', error.message),
    },
  });
  stream.start();
}
