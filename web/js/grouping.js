// The grouping rule of the message list: a message continues the group of the one above it
// (shown without its name line) when the same person wrote both within a few minutes.

export const GROUP_WINDOW_MS = 5 * 60 * 1000;

// previous, next: { from, at } with at in ms since the epoch; null or NaN when not known.
// Either order counts: a pending line's time is the browser's clock, which may run behind the
// server's.
export function continuesGroup(previous, next, windowMs = GROUP_WINDOW_MS) {
  if (!previous || !next || previous.from !== next.from) return false;
  if (!Number.isFinite(previous.at) || !Number.isFinite(next.at)) return false;
  return Math.abs(next.at - previous.at) <= windowMs;
}
