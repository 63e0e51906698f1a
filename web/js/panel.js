// The side panel's toggle: beside the chat on a wide screen (open at first), over it on a
// phone-sized one (closed at first; Escape or a tap beside it closes it).
const $ = window.jQuery;

const NARROW = '(max-width: 759px)'; // keep in step with chat.css

export function createPanel() {
  const $chat = $('#chat');
  const $panel = $('#side-panel');
  const $toggle = $('#panel-toggle');
  const $backdrop = $('#panel-backdrop');
  const narrow = window.matchMedia(NARROW);

  function setOpen(open) {
    $panel.prop('hidden', !open);
    $toggle.attr('aria-expanded', String(open));
    $chat.toggleClass('panel-open', open);
    $backdrop.prop('hidden', !(open && narrow.matches));
  }

  const isOpen = () => !$panel.prop('hidden');

  // Over the chat, the panel takes the focus while open and gives it back when closed. The
  // current room's link rather than the name field: a focused field would pop up the keyboard.
  function toggle() {
    const open = !isOpen();
    setOpen(open);
    if (!open || !narrow.matches) return;
    const $current = $panel.find('[aria-current="page"]');
    ($current.length ? $current : $panel.find('a, button').first()).trigger('focus');
  }

  function closeOverlay() {
    if (!narrow.matches || !isOpen()) return;
    setOpen(false);
    $toggle.trigger('focus');
  }

  $toggle.on('click', toggle);
  $backdrop.on('click', closeOverlay);
  $(document).on('keydown', (event) => {
    if (event.key === 'Escape') closeOverlay();
  });
  // Turning a phone or resizing a window across the line starts from that size's default.
  narrow.addEventListener('change', () => setOpen(!narrow.matches));
  setOpen(!narrow.matches);
}
