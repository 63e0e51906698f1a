// Who is online in the room: the server's list, kept current by presence events; and the
// heartbeat schedule that keeps us on it. No DOM: the timers and the clock are injected.

export const HEARTBEAT_EVERY_MS = 20000; // the server's timeout is 45 s: two may go missing

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

// For people, not bytes: case and accents aside, then code units so the order is total.
export function compareNames(a, b) {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function isPresenceEvent(value) {
  return typeof value?.from === 'string' && value.from !== ''
    && (value.status === 'online' || value.status === 'offline');
}

// True when the event changed the set.
function applyTo(online, event) {
  if (event.status === 'online') {
    if (online.has(event.from)) return false;
    online.add(event.from);
    return true;
  }
  return online.delete(event.from);
}

// Presence events are never replayed, so the page asks for the list at each (re)connection;
// events that arrive while that answer is on its way are applied on top of it.
export function createRoster() {
  let online = new Set();
  const logs = new Set(); // for each list on its way, the events heard since it was asked for

  // Call before asking the server: { done(names), failed() } for when its answer is in.
  function beginSnapshot() {
    const log = [];
    logs.add(log);
    return {
      done(names) {
        if (!logs.delete(log)) return;
        online = new Set(names);
        for (const event of log) applyTo(online, event);
      },
      failed() {
        logs.delete(log);
      },
    };
  }

  // True when the event changed who is online.
  function apply(event) {
    if (!isPresenceEvent(event)) return false;
    for (const log of logs) log.push(event);
    return applyTo(online, event);
  }

  return {
    beginSnapshot,
    apply,
    has: (name) => online.has(name),
    get names() {
      return [...online].sort(compareNames);
    },
  };
}

// beat() at once, then every everyMs until stop(). A background tab's timers may be slowed to
// once a minute, past the server's timeout, so ifDue() lets anything that wakes the page (a
// stream event, a keep-alive) send one that is overdue.
export function createHeartbeat({ beat, timers = globalThis, now = Date.now,
  everyMs = HEARTBEAT_EVERY_MS }) {
  let last = -Infinity;
  let timer = null;
  let running = false;

  function clearTimer() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function beatNow() {
    clearTimer();
    running = true;
    last = now();
    beat();
    timer = timers.setTimeout(beatNow, everyMs);
  }

  return {
    beatNow,
    ifDue() {
      if (running && now() - last >= everyMs) beatNow();
    },
    // Leaving: no more beats until beatNow() again.
    stop() {
      clearTimer();
      running = false;
    },
  };
}

// Telling the server that we left. pagehide alone cannot: Chromium gives a closing page's
// unload handlers 500 ms and then closes it without them, so a page too busy to answer in time
// (or one that crashed) would say nothing and stay listed until the server's timeout. So the
// leaving is handed to the browser beforehand with fetchLater(), which sends it when the
// document goes away, whatever the page is doing then; the beacon at pagehide stays for
// browsers without fetchLater, and in case it could not be armed. A second leaving is harmless.
//
// form() gives a fresh body each time; fetchLater and sendBeacon are the browser's, or null.
export function createLeaving({ url, form, fetchLater = null, sendBeacon = null,
  onError = () => {} }) {
  let armed = null; // the AbortController of the leaving handed over

  // At the start, and back from the back-forward cache (which may have sent the one before).
  function arm() {
    armed?.abort();
    armed = null;
    if (!fetchLater) return;
    const controller = new AbortController();
    try {
      fetchLater(url, { method: 'POST', body: form(), signal: controller.signal });
      armed = controller;
    } catch (error) { // over the quota, or not allowed here
      onError(error);
    }
  }

  return {
    arm,
    // pagehide: the page may come back (the back-forward cache), or this is the last we run.
    left() {
      sendBeacon?.(url, form());
    },
  };
}
