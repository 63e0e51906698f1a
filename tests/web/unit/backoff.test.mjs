// web/js/backoff.js against tests/vectors/backoff.json, the vectors the C++ tests check too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

import { backoffDelay, createBackoff } from '../../../web/js/backoff.js';

const vectors = JSON.parse(fs.readFileSync(new URL('../../vectors/backoff.json', import.meta.url), 'utf8'));

describe('backoffDelay', () => {
  it('has vectors', () => assert.ok(vectors.cases.length > 0));
  for (const vector of vectors.cases) {
    const { delayMs, ...input } = vector;
    it(JSON.stringify(input), () => {
      assert.equal(backoffDelay(input), delayMs);
    });
  }
});

describe('createBackoff', () => {
  it('counts attempts from 0 and starts over after reset()', () => {
    const backoff = createBackoff({ baseMs: 1000, maxMs: 30000, random: () => 0 });
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(() => backoff.next()),
      [500, 1000, 2000, 4000, 8000, 15000, 15000]);
    assert.equal(backoff.attempts, 7);
    backoff.reset();
    assert.equal(backoff.attempts, 0);
    assert.equal(backoff.next(), 500);
  });

  it('defaults to 1 s up to 30 s', () => {
    const backoff = createBackoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    assert.deepEqual(delays, [999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  });

  it('takes a Retry-After as the floor of that one delay', () => {
    const backoff = createBackoff({ random: () => 0.5 });
    assert.equal(backoff.next(7000), 7000);
    assert.equal(backoff.next(), 1500);
  });

  it('stays within half a step and a step with Math.random', () => {
    const backoff = createBackoff();
    for (let attempt = 0; attempt < 10; ++attempt) {
      const step = Math.min(30000, 1000 * 2 ** attempt);
      const delay = backoff.next();
      assert.ok(delay >= step / 2 && delay < step, `attempt ${attempt}: ${delay}`);
    }
  });
});
