import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEventStreamRequest } from '../../edge/src/routing.js';

const HANDOFF = true;
const ORIGIN = false;

// [method, URL as the edge sees it, expected decision, why]
const CASES = [
  ['GET', '/rooms/a/events/', HANDOFF, 'the events path'],
  ['GET', '/rooms/general/events/', HANDOFF, 'a longer room name'],
  ['GET', '/rooms/caf%C3%A9/events/', HANDOFF, 'percent-encoded UTF-8 room'],
  ['GET', '/rooms/a%2Fb/events/', HANDOFF, 'encoded slash stays one segment'],
  ['GET', '/rooms/a%20b/events/', HANDOFF, 'encoded space'],
  ['GET', '/rooms/a/events', HANDOFF, 'no trailing slash: the origin accepts both'],
  ['GET', '/rooms/a/events/?lastEventId=room-a%3A3', HANDOFF, 'resume query string'],
  ['GET', '/rooms/a/events?lastEventId=room-a%3A3', HANDOFF, 'query string, no trailing slash'],
  ['GET', '/rooms/a/./events/', HANDOFF, 'dot segment is normalised away'],
  ['POST', '/rooms/a/events/', ORIGIN, 'only GET is handed off'],
  ['HEAD', '/rooms/a/events/', ORIGIN, 'HEAD goes to the origin'],
  ['PUT', '/rooms/a/events/', ORIGIN, 'PUT goes to the origin'],
  ['OPTIONS', '/rooms/a/events/', ORIGIN, 'OPTIONS goes to the origin'],
  ['get', '/rooms/a/events/', ORIGIN, 'Request.method is already upper-case; nothing else matches'],
  ['GET', '/rooms/a/b/events/', ORIGIN, 'two room segments'],
  ['GET', '/rooms//events/', ORIGIN, 'empty room segment'],
  ['GET', '/rooms/events/', ORIGIN, 'no room segment'],
  ['GET', '/rooms/a/events/extra', ORIGIN, 'something after events/'],
  ['GET', '/rooms/a/events//', ORIGIN, 'double trailing slash'],
  ['GET', '/rooms/a/eventsx/', ORIGIN, 'not the events path'],
  ['GET', '/rooms/a/messages/', ORIGIN, 'the messages API'],
  ['GET', '/', ORIGIN, 'the browser UI'],
  ['GET', '/a', ORIGIN, 'a room page'],
  ['GET', '/events/', ORIGIN, "the demo's legacy stream"],
  ['GET', '/x/rooms/a/events/', ORIGIN, 'prefix before /rooms/'],
  ['GET', '/rooms/%zz/events/', ORIGIN, 'invalid percent-encoding: the origin answers 400'],
  ['GET', '/rooms/%E2%82/events/', ORIGIN, 'truncated UTF-8 sequence'],
  ['GET', '/rooms/../events/', ORIGIN, 'dot-dot segment normalises to /events/'],
];

for (const [method, path, expected, why] of CASES) {
  test(`${method} ${path} -> ${expected ? 'Fanout' : 'origin'} (${why})`, () => {
    assert.equal(isEventStreamRequest(method, `http://edge.test${path}`), expected);
  });
}

test('accepts a URL object as well as a string', () => {
  assert.equal(isEventStreamRequest('GET', new URL('http://edge.test/rooms/a/events/')), true);
});
