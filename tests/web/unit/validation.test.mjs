// web/js/validation.js against tests/vectors/validation.json, the vectors the C++ tests check too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

import {
  LIMITS, asSentence, characterCount, isBlank, messageTextProblem, nicknameProblem, roomNameProblem,
} from '../../../web/js/validation.js';

const vectors = JSON.parse(fs.readFileSync(new URL('../../vectors/validation.json', import.meta.url), 'utf8'));

// As the file's "about" says: a string, {repeat, times}, {utf16: [...]}, or an array of those.
function build(value) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(build).join('');
  if (Array.isArray(value.utf16)) return String.fromCharCode(...value.utf16);
  if (typeof value.repeat === 'string') return value.repeat.repeat(value.times);
  throw new Error(`not a vector value: ${JSON.stringify(value)}`);
}

const rules = { room: roomNameProblem, nickname: nicknameProblem, text: messageTextProblem };

describe('validation vectors', () => {
  it('has the limits of the vectors', () => {
    assert.deepEqual({ ...LIMITS }, vectors.limits);
  });

  for (const [kind, problemOf] of Object.entries(rules)) {
    describe(kind, () => {
      assert.ok(vectors[kind].length > 0, `vectors for ${kind}`);
      for (const vector of vectors[kind]) {
        it(vector.name, () => {
          assert.equal(problemOf(build(vector.value)), vector.problem ?? '');
        });
      }
    });
  }
});

describe('characterCount', () => {
  it('counts code points, a lone surrogate as one', () => {
    assert.equal(characterCount(''), 0);
    assert.equal(characterCount('abc'), 3);
    assert.equal(characterCount('😀😀'), 2);
    assert.equal(characterCount('€'.repeat(4096) + 'x'), 4097);
    assert.equal(characterCount(`a${String.fromCharCode(0xd800)}b`), 3);
    assert.equal(characterCount(String.fromCharCode(0xdc00, 0xd800)), 2);
  });
});

describe('isBlank', () => {
  it('is what trim() leaves nothing of', () => {
    assert.ok(isBlank(''));
    assert.ok(isBlank(' \n\t\u00a0'));
    assert.ok(!isBlank(' x '));
  });
});

describe('asSentence', () => {
  it('turns a problem into a sentence for display, and nothing into nothing', () => {
    assert.equal(asSentence('nickname must not be empty'), 'Nickname must not be empty.');
    assert.equal(asSentence("room name must not contain '/'"), "Room name must not contain '/'.");
    assert.equal(asSentence(''), '');
  });
});
