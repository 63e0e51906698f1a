// The chat page: wires the list, history, composer, outbox, side panel and live stream of one
// room.
import { createDirectoryApi, createRoomApi } from './api.js';
import { announce, createScroller, createUnreadTitle } from './attention.js';
import { createBackoff } from './backoff.js';
import { createComposer } from './composer.js';
import { createDirectory } from './directory.js';
import { createHistory } from './history.js';
import { createMessageList } from './messagelist.js';
import { createOnline } from './online.js';
import { createOutbox } from './outbox.js';
import { createPanel } from './panel.js';
import { rememberNickname } from './remembered.js';
import { createRoomStream } from './roomstream.js';
import { createTypingLine } from './typingline.js';
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
  $('#online-room').text('#' + room);
  $('#change-nick').attr('href', pagePath(room));
  $('#chat').prop('hidden', false);
}

function streamErrorText(detail) {
  return 'Stream error: ' + [detail.condition, detail.text].filter(Boolean).join(': ');
}

export function startChat(room, nick) {
  rememberNickname(nick);
  showHeader(room, nick);
  createPanel();
  const title = createUnreadTitle(room);
  const api = createRoomApi(room);
  const directory = createDirectory({ room, nick, api: createDirectoryApi() });
  const online = createOnline({ room, nick, api });
  const typing = createTypingLine({ nick, api });
  const composer = createComposer({ onSend: (text) => outbox.submit(text), onType: typing.typed });
  composer.focus();
  const scroller = createScroller({ onJump: composer.focus });
  const list = createMessageList({ nick, scroller });
  const history = createHistory({ room, api, list, scroller });
  const outbox = createOutbox({ nick, api, list, scroller, composer,
    isOnline: () => navigator.onLine });

  // A live message: stick to the bottom only when already there.
  function showLive(message) {
    typing.stopped(message?.from);
    const stick = scroller.atBottom();
    if (outbox.adopt(message) || !list.add(message)) return;
    if (message.from !== nick) {
      announce(message);
      title.countIfHidden();
    }
    if (stick) scroller.toBottom();
    else scroller.countUnseen();
  }

  function presenceChanged(event) {
    online.heard(event);
    if (event.status === 'offline') typing.stopped(event.from);
  }

  // Connected (again): what was said about presence meanwhile is lost, what we wrote can go,
  // and the directory counts us by now. The stream says 'connected' at open and at stream-open.
  let connections = 0;
  let wasConnected = false;
  function statusChanged(state) {
    setStatus(state);
    const connected = state === 'connected';
    if (connected && !wasConnected) {
      online.refresh({ reconnected: ++connections > 1 });
      directory.refresh();
      outbox.resume();
    }
    wasConnected = connected;
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
      status: statusChanged,
      message: showLive,
      deleted: list.removeMessage,
      presence: presenceChanged,
      typing: typing.heard,
      alive: online.heartbeatIfDue,
      reset: reloadHistory,
      streamError: (detail) => list.notice(streamErrorText(detail)),
      catchUpFailed: (error) => console.warn('history:', error.message),
    },
  });
  window.addEventListener('online', outbox.resume);
  stream.start();
}
