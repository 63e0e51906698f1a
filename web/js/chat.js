// The browser chat: a join form at /<room>, the chat at /<room>?user=<nickname>.
// Every name and text goes into the page through .text() (never as HTML): the room, the
// nickname and messages are data, whatever characters they hold.
'use strict';

(function ($) {
  const MAX_TEXT = 4096; // code points, as the server counts
  const COUNTER_FROM = 3800; // show the counter from here on
  const PAGE = 50;
  const NICK_KEY = 'chat.nickname';
  const BOTTOM_SLACK = 48; // px: "at the bottom" when this close

  // ---- URLs -------------------------------------------------------------------------------

  function roomFromPath(pathname) {
    const segment = pathname.replace(/^\//, '').replace(/\/$/, '');
    if (segment === '') return 'default';
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }

  function roomProblem(room) {
    const length = [...room].length;
    if (length < 1) return 'Enter a room name.';
    if (length > 64) return 'A room name has at most 64 characters.';
    if (room.includes('/')) return 'A room name cannot contain "/".';
    if (/[\u0000-\u001f\u007f]/.test(room)) return 'A room name cannot contain control characters.';
    return '';
  }

  function nickProblem(nick) {
    const length = [...nick].length;
    if (nick.trim() === '') return 'Enter a nickname.';
    if (length > 64) return 'A nickname has at most 64 characters.';
    return '';
  }

  function pagePath(room) {
    return room === 'default' ? '/' : '/' + encodeURIComponent(room);
  }

  function chatUrl(room, nick) {
    return '/' + encodeURIComponent(room) + '?user=' + encodeURIComponent(nick);
  }

  function apiBase(room) {
    return '/rooms/' + encodeURIComponent(room);
  }

  function codePoints(text) {
    return [...text].length;
  }

  function rememberedNick() {
    try {
      return localStorage.getItem(NICK_KEY) || '';
    } catch {
      return '';
    }
  }

  function rememberNick(nick) {
    try {
      localStorage.setItem(NICK_KEY, nick);
    } catch {
      // private mode or storage full: the nickname is still in the URL
    }
  }

  // ---- Join -------------------------------------------------------------------------------

  function showJoin(room) {
    document.title = 'Join #' + room + ' · Chat';
    $('#join-room').text('#' + room);
    $('#room').val(room);
    $('#nickname').val(rememberedNick());
    $('#join').prop('hidden', false);
    $('#nickname').trigger('focus');

    $('#join-form').on('submit', function (event) {
      event.preventDefault();
      const nick = String($('#nickname').val()).trim();
      const target = String($('#room').val()).trim() || 'default';
      const problem = nickProblem(nick) || roomProblem(target);
      $('#join-error').text(problem);
      if (problem) return;
      rememberNick(nick);
      window.location.assign(chatUrl(target, nick));
    });
  }

  // ---- Chat -------------------------------------------------------------------------------

  function startChat(room, nick) {
    const base = apiBase(room);
    const $scroller = $('#scroller');
    const $messages = $('#messages');
    const $text = $('#text');
    const known = new Map(); // message id -> <li>
    let oldestId = null;
    let lastEventId = '';
    let source = null;
    let reconnectTimer = null;
    let attempts = 0;
    let streamClosedForGood = false;
    let sawEventSinceReset = true;
    let unread = 0;
    let unseenBelow = 0;
    let pendingSeq = 0;

    rememberNick(nick);
    $('#me').text(nick);
    $('#room-title').text('#' + room);
    $('#change-nick').attr('href', pagePath(room));
    $('#chat').prop('hidden', false);
    updateTitle();
    $text.trigger('focus');

    // -- status --

    function setStatus(state, text) {
      $('#status').attr('data-state', state);
      $('#status-text').text(text);
    }

    // -- title and unread --

    function updateTitle() {
      const prefix = unread > 0 ? '(' + unread + ') ' : '';
      document.title = prefix + '#' + room + ' · Chat';
    }

    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) {
        unread = 0;
        updateTitle();
      }
    });

    // -- scrolling --

    function atBottom() {
      const el = $scroller[0];
      return el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    }

    function scrollToBottom() {
      const el = $scroller[0];
      el.scrollTop = el.scrollHeight;
      unseenBelow = 0;
      $('#new-messages').prop('hidden', true);
    }

    $scroller.on('scroll', function () {
      if (atBottom()) {
        unseenBelow = 0;
        $('#new-messages').prop('hidden', true);
      }
    });

    $('#new-messages').on('click', function () {
      scrollToBottom();
      $text.trigger('focus');
    });

    // -- rendering --

    function formatTime(date) {
      const now = new Date();
      const time = date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
      if (date.toDateString() === now.toDateString()) return time;
      return date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + time;
    }

    function messageElement(message) {
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

    function setDate($li, isoDate) {
      const $time = $li.find('time');
      const date = isoDate ? new Date(isoDate) : null;
      if (!date || Number.isNaN(date.getTime())) {
        $time.attr('datetime', null).removeAttr('title').text('');
        return;
      }
      $time.attr('datetime', isoDate).attr('title', date.toLocaleString()).text(formatTime(date));
    }

    // Confirmed messages sit in id order; pending and failed ones stay below them.
    function placeConfirmed($li, id) {
      $li.attr('data-id', String(id));
      known.set(id, $li);
      const confirmed = $messages.children('li[data-id]').not($li).get();
      for (let i = confirmed.length - 1; i >= 0; --i) {
        if (Number(confirmed[i].getAttribute('data-id')) < id) {
          $li.insertAfter(confirmed[i]);
          return;
        }
      }
      $messages.prepend($li);
    }

    function isValidMessage(message) {
      return message && Number.isInteger(message.id) && typeof message.from === 'string'
        && typeof message.text === 'string';
    }

    // A message from the history or the stream; false when it was already shown.
    function addMessage(message) {
      if (!isValidMessage(message) || known.has(message.id)) return false;
      placeConfirmed(messageElement(message), message.id);
      if (oldestId === null || message.id < oldestId) oldestId = message.id;
      return true;
    }

    function notice(text) {
      const stick = atBottom();
      $messages.append($('<li class="notice" role="note">').text(text));
      if (stick) scrollToBottom();
    }

    function announce(message) {
      const $line = $('<p>').text(message.from + ': ' + message.text);
      $('#announcer').append($line);
      const lines = $('#announcer').children();
      if (lines.length > 5) lines.first().remove();
    }

    // Our own message back through the stream before the POST answered: confirm the pending
    // line in place of showing it twice.
    function adoptPending(message) {
      if (!isValidMessage(message) || known.has(message.id) || message.from !== nick) return false;
      const $li = $messages.children('li.pending:not([data-id])').filter(function () {
        return $(this).data('text') === message.text;
      }).first();
      if (!$li.length) return false;
      confirmSent($li, message);
      return true;
    }

    function confirmSent($li, message) {
      const stick = atBottom();
      setSendState($li, 'sent');
      setDate($li, message.date);
      placeConfirmed($li, message.id);
      if (oldestId === null) oldestId = message.id;
      if (stick) scrollToBottom();
    }

    // A live message: stick to the bottom only when already there.
    function addLiveMessage(message) {
      const stick = atBottom();
      if (adoptPending(message)) return;
      if (!addMessage(message)) return;
      if (message.from !== nick) {
        announce(message);
        if (document.hidden) {
          ++unread;
          updateTitle();
        }
      }
      if (stick) {
        scrollToBottom();
      } else {
        ++unseenBelow;
        $('#new-messages')
          .text(unseenBelow === 1 ? '1 new message ↓' : unseenBelow + ' new messages ↓')
          .prop('hidden', false);
      }
    }

    // -- history --

    function getJson(url) {
      return fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' })
        .then(function (response) {
          return response.json().catch(function () {
            return {};
          }).then(function (body) {
            if (!response.ok) throw new Error(body.error || 'HTTP ' + response.status);
            return body;
          });
        });
    }

    function showHistoryEdge(hasMore) {
      $('#load-older').prop('hidden', !hasMore).prop('disabled', false).text('Load older messages');
      $('#history-start')
        .text(known.size ? 'This is the beginning of #' + room + '.' : 'No messages in #' + room + ' yet. Say hello!')
        .prop('hidden', hasMore);
    }

    function loadHistory() {
      return getJson(base + '/messages/').then(function (body) {
        const messages = Array.isArray(body.messages) ? body.messages : [];
        messages.slice().reverse().forEach(addMessage);
        showHistoryEdge(messages.length >= PAGE);
        return typeof body['last-event-id'] === 'string' ? body['last-event-id'] : '';
      });
    }

    $('#load-older').on('click', function () {
      const $button = $(this);
      if (oldestId === null) return;
      $button.prop('disabled', true).text('Loading…');
      const el = $scroller[0];
      const fromBottom = el.scrollHeight - el.scrollTop;
      getJson(base + '/messages/?before=' + oldestId + '&limit=' + PAGE)
        .then(function (body) {
          const messages = Array.isArray(body.messages) ? body.messages : [];
          messages.forEach(addMessage);
          el.scrollTop = el.scrollHeight - fromBottom; // keep what the reader was looking at
          showHistoryEdge(messages.length >= PAGE);
        })
        .catch(function (error) {
          $button.prop('disabled', false).text('Load older messages (failed: ' + error.message + ', retry)');
        });
    });

    // Initial load, retried with backoff while the server cannot be reached.
    function start() {
      setStatus('connecting', 'Connecting…');
      loadHistory().then(function (id) {
        lastEventId = id;
        scrollToBottom();
        connect();
      }).catch(function (error) {
        setStatus('reconnecting', 'Reconnecting…');
        console.warn('history:', error.message);
        reconnectTimer = setTimeout(start, backoff());
      });
    }

    // After stream-reset: the server cannot replay what we missed, so reload the history.
    function reloadHistory() {
      sawEventSinceReset = false;
      notice('Missed too much while away: reloading the history.');
      loadHistory().then(function (id) {
        if (!sawEventSinceReset && id) lastEventId = id;
        scrollToBottom();
      }).catch(function (error) {
        notice('Could not reload the history: ' + error.message);
      });
    }

    // -- live stream --

    // Full jitter: a random delay up to 1 s, 2 s, 4 s … 30 s.
    function backoff() {
      const cap = Math.min(30000, 1000 * 2 ** Math.min(attempts, 5));
      ++attempts;
      return 250 + Math.random() * cap;
    }

    function connect() {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      if (source) source.close();
      if (streamClosedForGood) return;
      const url = base + '/events/' + (lastEventId ? '?lastEventId=' + encodeURIComponent(lastEventId) : '');
      const es = new EventSource(url);
      source = es;

      function trackId(event) {
        if (event.lastEventId) lastEventId = event.lastEventId;
        sawEventSinceReset = true;
      }

      es.addEventListener('open', function () {
        attempts = 0;
        setStatus('connected', 'Connected');
      });
      es.addEventListener('stream-open', function () {
        attempts = 0;
        setStatus('connected', 'Connected');
      });
      es.addEventListener('keep-alive', function (event) {
        if (event.lastEventId) lastEventId = event.lastEventId;
      });
      es.addEventListener('message', function (event) {
        trackId(event);
        let message;
        try {
          message = JSON.parse(event.data);
        } catch {
          return;
        }
        addLiveMessage(message);
      });
      es.addEventListener('stream-reset', function () {
        reloadHistory();
      });
      es.addEventListener('stream-error', function (event) {
        let detail = {};
        try {
          detail = JSON.parse(event.data) || {};
        } catch {
          detail = { text: String(event.data) };
        }
        streamClosedForGood = true;
        es.close();
        source = null;
        setStatus('offline', 'Stream error');
        notice('Stream error: ' + [detail.condition, detail.text].filter(Boolean).join(': '));
      });
      // The native EventSource would retry with its own timing; reconnect ourselves instead, with
      // jittered backoff, resuming after the last event seen.
      es.onerror = function () {
        if (source !== es) return;
        es.close();
        source = null;
        scheduleReconnect();
      };
    }

    function scheduleReconnect() {
      if (streamClosedForGood || reconnectTimer) return;
      if (!navigator.onLine) {
        setStatus('offline', 'Offline');
        return; // the online event reconnects
      }
      setStatus('reconnecting', 'Reconnecting…');
      reconnectTimer = setTimeout(connect, backoff());
    }

    window.addEventListener('offline', function () {
      if (source) {
        source.close();
        source = null;
      }
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      setStatus('offline', 'Offline');
    });
    window.addEventListener('online', function () {
      if (!source && !streamClosedForGood) {
        attempts = 0;
        if (oldestId === null && !lastEventId) start();
        else connect();
      }
    });

    // -- sending --

    function updateCounter() {
      const count = codePoints(String($text.val()));
      const $counter = $('#counter');
      $counter.toggleClass('over', count > MAX_TEXT);
      if (count >= COUNTER_FROM) {
        $counter.text(count + ' / ' + MAX_TEXT + (count > MAX_TEXT ? ' (too long)' : ''));
      } else {
        $counter.text('');
      }
      // Grow with the text, up to the CSS max-height.
      $text.css('height', 'auto');
      $text.css('height', $text[0].scrollHeight + 'px');
    }

    function setSendState($li, state, reason) {
      $li.removeClass('pending failed').addClass(state === 'sent' ? '' : state);
      const $state = $li.find('.state');
      $li.find('.send-error, .actions').remove();
      if (state === 'pending') {
        $state.text('sending…');
      } else if (state === 'failed') {
        $state.text('not sent');
        $li.append($('<p class="send-error" role="alert">').text('Not sent: ' + reason));
        const $actions = $('<div class="actions">');
        $actions.append($('<button type="button" class="retry">').text('Retry'));
        $actions.append($('<button type="button" class="edit">').text('Edit'));
        $actions.append($('<button type="button" class="discard">').text('Discard'));
        $li.append($actions);
      } else {
        $state.text('');
      }
    }

    function post(text) {
      return fetch(base + '/messages/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ from: nick, text: text }).toString(),
      }).then(function (response) {
        return response.json().catch(function () {
          return null;
        }).then(function (body) {
          if (!response.ok) {
            throw new Error((body && body.error) || 'the server answered ' + response.status);
          }
          if (!isValidMessage(body)) throw new Error('the server gave an unexpected answer');
          return body;
        });
      }, function () {
        throw new Error('the server could not be reached');
      });
    }

    function send($li) {
      const text = $li.data('text');
      setSendState($li, 'pending');
      post(text).then(function (message) {
        if (known.get(message.id)?.[0] === $li[0]) return; // adopted from the stream
        if (known.has(message.id)) {
          if (!$li.attr('data-id')) $li.remove(); // shown from the stream already
          return;
        }
        confirmSent($li, message);
      }, function (error) {
        setSendState($li, 'failed', error.message);
      });
    }

    function submit() {
      const text = String($text.val());
      if (text.trim() === '') return;
      const $li = messageElement({ from: nick, text: text, date: null });
      $li.attr('data-local', String(++pendingSeq)).data('text', text);
      $messages.append($li);
      if (known.size === 0) $('#history-start').prop('hidden', true); // "no messages yet"
      $text.val('');
      updateCounter();
      scrollToBottom();
      send($li);
    }

    $messages.on('click', '.retry', function () {
      send($(this).closest('li'));
    });
    $messages.on('click', '.edit', function () {
      const $li = $(this).closest('li');
      const current = String($text.val());
      $text.val(current ? current + '\n' + $li.data('text') : $li.data('text'));
      $li.remove();
      updateCounter();
      $text.trigger('focus');
    });
    $messages.on('click', '.discard', function () {
      $(this).closest('li').remove();
      $text.trigger('focus');
    });

    $('#send-form').on('submit', function (event) {
      event.preventDefault();
      submit();
      $text.trigger('focus');
    });
    $text.on('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    $text.on('input', updateCounter);

    start();
  }

  // ---- Start ------------------------------------------------------------------------------

  $(function () {
    const room = roomFromPath(window.location.pathname);
    const nick = (new URLSearchParams(window.location.search).get('user') || '').trim();
    if (roomProblem(room) || nickProblem(nick)) showJoin(roomProblem(room) ? 'default' : room);
    else startChat(room, nick);
  });
})(window.jQuery);
