// The jittered exponential backoff of shared/retry/backoff.cpp (see tests/vectors/backoff.json).

// attempt counts from 0 for the first retry; random is in [0, 1). Half the step is fixed and
// half is jitter, so retries spread out without ever coming back almost at once.
export function backoffDelay({ baseMs, maxMs, attempt, random, retryAfterMs = null }) {
  const step = Math.min(Math.max(maxMs, baseMs), baseMs * 2 ** attempt);
  const half = Math.floor(step / 2);
  const delay = half + Math.floor((step - half) * random);
  return retryAfterMs == null ? delay : Math.max(delay, retryAfterMs); // null or undefined: none
}

// Counts the attempts since the last success, for a caller that only asks "how long now?".
export function createBackoff({ baseMs = 1000, maxMs = 30000, random = Math.random } = {}) {
  let attempt = 0;
  return {
    next(retryAfterMs = null) {
      return backoffDelay({ baseMs, maxMs, attempt: attempt++, random: random(), retryAfterMs });
    },
    reset() {
      attempt = 0;
    },
    get attempts() {
      return attempt;
    },
  };
}
