// The room's live event stream, with catching up, resuming and reconnecting; no DOM.
// It catches up first, then follows an EventSource, resuming after the last event seen and
// reconnecting with backoff. Everything it touches is passed in, so tests can fake it all.

// Whatever JSON the server sent, or undefined when it was not JSON.
function parseJson(data) {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function errorDetail(data) {
  const detail = parseJson(data);
  return detail === undefined ? { text: String(data) } : detail || {};
}

// Statuses given to on.status: 'connecting' (catching up), 'connected', 'reconnecting',
// 'offline' and 'closed' (the server ended the stream for good with stream-error).
//
// catchUp: () => Promise<string>, run before the first connection, retried with backoff until it
//   succeeds; it resolves with the event id to resume after, so nothing falls in between.
// connectivity: an EventTarget with 'online' and 'offline' events (the window); isOnline() says
//   which holds now.
// on: { status(state), message(value), presence(value), typing(value), reset(),
//   streamError(detail), catchUpFailed(error), alive() (any event at all: the page is awake) }.
export function createRoomStream({
  url, catchUp, EventSource, backoff, timers = globalThis, isOnline = () => true,
  connectivity = null, on = {},
}) {
  let lastEventId = '';
  let source = null;
  let timer = null;
  let caughtUp = false;
  let catchingUp = false;
  let closedForGood = false;
  let sawEventSinceReset = true;

  const emit = (name, ...args) => on[name]?.(...args);

  function clearTimer() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function retryLater(action) {
    timer = timers.setTimeout(() => {
      timer = null;
      action();
    }, backoff.next());
  }

  function streamUrl() {
    return lastEventId ? `${url}?lastEventId=${encodeURIComponent(lastEventId)}` : url;
  }

  function begin() {
    clearTimer();
    catchingUp = true;
    emit('status', 'connecting');
    catchUp().then((id) => {
      catchingUp = false;
      caughtUp = true;
      lastEventId = id || '';
      connect();
    }, (error) => {
      catchingUp = false;
      emit('status', 'reconnecting');
      emit('catchUpFailed', error);
      retryLater(begin);
    });
  }

  function drop() {
    if (source) source.close();
    source = null;
  }

  function connect() {
    clearTimer();
    drop();
    if (closedForGood) return;
    const es = new EventSource(streamUrl());
    source = es;
    listen(es);
  }

  function remember(event) {
    if (event.lastEventId) lastEventId = event.lastEventId;
  }

  function opened() {
    backoff.reset();
    emit('status', 'connected');
  }

  // Presence and typing have no id line and are never replayed: they must not move
  // lastEventId, whatever the EventSource says its last id is.
  function passOn(es, type) {
    es.addEventListener(type, (event) => {
      const value = parseJson(event.data);
      if (value !== undefined && value !== null) emit(type, value);
    });
  }

  function listen(es) {
    for (const type of ['open', 'stream-open', 'keep-alive', 'message', 'message-deleted', 'presence',
      'typing']) {
      es.addEventListener(type, () => emit('alive'));
    }
    passOn(es, 'presence');
    passOn(es, 'typing');
    es.addEventListener('open', opened);
    es.addEventListener('stream-open', opened);
    es.addEventListener('keep-alive', remember);
    es.addEventListener('message', (event) => {
      remember(event);
      sawEventSinceReset = true;
      const value = parseJson(event.data);
      if (value !== undefined) emit('message', value);
    });
    // The operator removed a message: an event of the room's sequence, with an id like a message.
    es.addEventListener('message-deleted', (event) => {
      remember(event);
      sawEventSinceReset = true;
      const value = parseJson(event.data);
      if (Number.isSafeInteger(value?.id)) emit('deleted', value.id);
    });
    es.addEventListener('stream-reset', () => {
      sawEventSinceReset = false;
      emit('reset');
    });
    es.addEventListener('stream-error', (event) => {
      closedForGood = true;
      drop();
      emit('status', 'closed');
      emit('streamError', errorDetail(event.data));
    });
    // The native EventSource would retry with its own timing; reconnect ourselves instead, with
    // backoff, resuming after the last event seen.
    es.addEventListener('error', () => {
      if (source !== es) return;
      drop();
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (closedForGood || timer !== null) return;
    if (!isOnline()) {
      emit('status', 'offline');
      return; // the online event reconnects
    }
    emit('status', 'reconnecting');
    retryLater(connect);
  }

  connectivity?.addEventListener('offline', () => {
    drop();
    clearTimer();
    emit('status', 'offline');
  });
  connectivity?.addEventListener('online', () => {
    if (source || closedForGood || catchingUp) return;
    backoff.reset();
    if (caughtUp) connect();
    else begin();
  });

  return {
    start: begin,
    // After a stream-reset the page reloads the history: resume after what that showed, unless
    // the stream has delivered messages since (their id is the newer one then).
    resumeAfter(id) {
      if (!sawEventSinceReset && id) lastEventId = id;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
