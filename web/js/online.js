// Who is online in the room, in the side panel: the server's list at each (re)connection, kept
// current by presence events. Also our own presence: heartbeats while the page is open, and
// leaving at once when it goes away (pagehide: closed, reloaded, or another room joined).
import { createHeartbeat, createRoster } from './presence.js';
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

  // A beacon outlives the page; its URLSearchParams body goes as a form. Should it not go, the
  // server's presence timeout says we left, only later.
  function leave() {
    heartbeat.stop();
    navigator.sendBeacon?.(presencePath(room), new URLSearchParams({ from: nick, status: 'offline' }));
  }

  window.addEventListener('pagehide', leave);
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) heartbeat.beatNow(); // back from the back-forward cache
  });
  heartbeat.beatNow();
  show();

  return { refresh, heard, heartbeatIfDue: heartbeat.ifDue };
}
