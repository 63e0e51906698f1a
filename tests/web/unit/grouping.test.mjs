// web/js/grouping.js: when a message goes under the name line of the one above it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { GROUP_WINDOW_MS, continuesGroup } from '../../../web/js/grouping.js';

const at = (iso) => Date.parse(iso);
const line = (from, iso) => ({ from, at: at(iso) });

describe('continuesGroup', () => {
  it('groups the same person within five minutes, either way round', () => {
    assert.equal(GROUP_WINDOW_MS, 300000);
    assert.ok(continuesGroup(line('alice', '2025-01-02T03:04:00Z'), line('alice', '2025-01-02T03:09:00Z')));
    assert.ok(continuesGroup(line('alice', '2025-01-02T03:04:00Z'), line('alice', '2025-01-02T03:03:30Z')),
      'a pending line dated by a clock that runs behind');
  });

  it('does not group past five minutes', () => {
    assert.equal(continuesGroup(line('alice', '2025-01-02T03:04:00Z'), line('alice', '2025-01-02T03:09:00.001Z')),
      false);
  });

  it('does not group different people, however close', () => {
    assert.equal(continuesGroup(line('alice', '2025-01-02T03:04:00Z'), line('Alice', '2025-01-02T03:04:00Z')),
      false);
  });

  it('does not group after something that is not a message, or without dates', () => {
    const fine = line('alice', '2025-01-02T03:04:00Z');
    assert.equal(continuesGroup(null, fine), false);
    assert.equal(continuesGroup(fine, null), false);
    assert.equal(continuesGroup({ from: 'alice', at: NaN }, fine), false);
    assert.equal(continuesGroup(fine, { from: 'alice', at: null }), false);
  });

  it('takes another window when given one', () => {
    assert.ok(continuesGroup({ from: 'a', at: 0 }, { from: 'a', at: 1000 }, 1000));
    assert.equal(continuesGroup({ from: 'a', at: 0 }, { from: 'a', at: 1001 }, 1000), false);
  });
});
