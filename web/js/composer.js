// The message box: its counter and height, Enter to send and Shift+Enter for a new line.
import { LIMITS, characterCount, isBlank } from './validation.js';

const $ = window.jQuery;

const COUNTER_FROM = 3800; // characters: the counter only shows near the limit

// onSend(text): the text to send; the box is already empty again. onType(): the user typed
// something that is not blank (for "… is typing").
export function createComposer({ onSend, onType = () => {} }) {
  const $text = $('#text');
  const $counter = $('#counter');

  function value() {
    return String($text.val());
  }

  function update() {
    const count = characterCount(value());
    const over = count > LIMITS.text;
    $counter.toggleClass('over', over);
    $counter.text(count >= COUNTER_FROM
      ? count + ' / ' + LIMITS.text + (over ? ' (too long)' : '')
      : '');
    // Grow with the text, up to the CSS max-height.
    $text.css('height', 'auto');
    $text.css('height', $text[0].scrollHeight + 'px');
  }

  function focus() {
    $text.trigger('focus');
  }

  // A blank message is not sent; too long or otherwise refused ones go to the server, whose
  // answer then says why.
  function submit() {
    const text = value();
    if (isBlank(text)) return;
    $text.val('');
    update();
    onSend(text);
  }

  // The text of a message that was not sent, back for editing after what is being written.
  function takeBack(text) {
    const current = value();
    $text.val(current ? current + '\n' + text : text);
    update();
    focus();
  }

  $('#send-form').on('submit', (event) => {
    event.preventDefault();
    submit();
    focus();
  });
  $text.on('keydown', (event) => {
    // jQuery's event does not copy isComposing: an IME's Enter confirms a word, it does not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.originalEvent?.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  $text.on('input', () => {
    update();
    if (!isBlank(value())) onType();
  });

  return { focus, takeBack };
}
