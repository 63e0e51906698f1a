// Who is online in the room, in the side panel: the server's list at each (re)connection, kept
// current by presence events. Also our own presence: heartbeats while the page is open, and
// leaving at once when it goes away (pagehide: closed, reloaded, or another room joined).
import { createHeartbeat, createLeaving, createRoster } from './presence.js';
import { presencePath } from './urls.js';

const $ = window.jQuery;

function personItem(name, me) {
  const $li = $('<li class="person">').toggleClass('me', me);
  $li.append($('<span class="presence-dot" aria-hidden="true">'));
  $li.append($('<span class="person-name">').text(name));
  if (me) $li.append($('<span class="you">').text('(you)'));
  return $li;
}

export function createOnline({ room, nick, api }) {
  const roster = createRoster();
  const $list = $('#online');
  const $count = $('#online-count');

  function show() {
    const names = roster.names;
    $list.empty().append(names.map((name) => personItem(name, name === nick)));
    $count.text(names.length ? String(names.length) : '');
  }

  // Presence events are not replayed after a reconnection: ask for the whole list. The server
  // may have restarted meanwhile and forgotten us: a heartbeat at once then.
  function refresh({ reconnected = false } = {}) {
    if (reconnected) heartbeat.beatNow();
    const snapshot = roster.beginSnapshot();
    api.presence().then((names) => {
      snapshot.done(names);
      show();
    }, (error) => {
      snapshot.failed();
      console.warn('presence:', error.message);
    });
  }

  const heartbeat = createHeartbeat({
    beat: () => api.heartbeat(nick).catch((error) => console.debug('heartbeat:', error.message)),
    timers: window,
  });

  // The same nickname in another tab that closed, or a heartbeat lost: say we are still here.
  function heard(event) {
    if (!roster.apply(event)) return;
    show();
    if (event.from === nick && event.status === 'offline') heartbeat.beatNow();
  }

  // The leaving handed over in advance and the pagehide beacon both outlive the page; their
  // URLSearchParams body goes as a form. Should neither go, the server's presence timeout says
  // we left, only later.
  const leaving = createLeaving({
    url: presencePath(room),
    form: () => new URLSearchParams({ from: nick, status: 'offline' }),
    fetchLater: typeof window.fetchLater === 'function' ? window.fetchLater.bind(window) : null,
    sendBeacon: navigator.sendBeacon ? navigator.sendBeacon.bind(navigator) : null,
    onError: (error) => console.debug('fetchLater:', error.message),
  });

  window.addEventListener('pagehide', () => {
    heartbeat.stop();
    leaving.left();
  });
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    leaving.arm(); // back from the back-forward cache
    heartbeat.beatNow();
  });
  leaving.arm();
  heartbeat.beatNow();
  show();

  return { refresh, heard, heartbeatIfDue: heartbeat.ifDue };
}
