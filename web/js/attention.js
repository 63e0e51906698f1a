// Keeps the reader with the conversation: scrolling, "new messages", announcer, unread title.
const $ = window.jQuery;

const BOTTOM_SLACK = 48; // px: "at the bottom" when this close
const ANNOUNCED_LINES = 5; // older lines would only be read out again

// onJump: after the "new messages" button took the reader down.
export function createScroller({ onJump = () => {} } = {}) {
  const $scroller = $('#scroller');
  const el = $scroller[0];
  const $button = $('#new-messages');
  let unseenBelow = 0;

  function atBottom() {
    return el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
  }

  function clearUnseen() {
    unseenBelow = 0;
    $button.prop('hidden', true);
  }

  function toBottom() {
    el.scrollTop = el.scrollHeight;
    clearUnseen();
  }

  function countUnseen() {
    ++unseenBelow;
    $button.text(unseenBelow === 1 ? '1 new message ↓' : unseenBelow + ' new messages ↓')
      .prop('hidden', false);
  }

  // Runs change(); a reader who was at the bottom stays there, anyone else is left in peace.
  function keepingBottom(change) {
    const stick = atBottom();
    const result = change();
    if (stick) toBottom();
    return result;
  }

  // For adding above what the reader looks at (an older page): the returned function puts the
  // view back where it was when this was called.
  function rememberPlace() {
    const fromBottom = el.scrollHeight - el.scrollTop;
    return () => {
      el.scrollTop = el.scrollHeight - fromBottom;
    };
  }

  $scroller.on('scroll', () => {
    if (atBottom()) clearUnseen();
  });
  $button.on('click', () => {
    toBottom();
    onJump();
  });

  return { atBottom, toBottom, countUnseen, keepingBottom, rememberPlace };
}

export function announce(message) {
  const $announcer = $('#announcer');
  $announcer.append($('<p>').text(message.from + ': ' + message.text));
  const $lines = $announcer.children();
  if ($lines.length > ANNOUNCED_LINES) $lines.first().remove();
}

// The count resets when the tab is looked at again.
export function createUnreadTitle(room) {
  let unread = 0;

  function show() {
    const prefix = unread > 0 ? '(' + unread + ') ' : '';
    document.title = prefix + '#' + room + ' · Chat';
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      unread = 0;
      show();
    }
  });
  show();

  return {
    countIfHidden() {
      if (!document.hidden) return;
      ++unread;
      show();
    },
  };
}
