// Drives the shipped entry point (edge/src/index.js) through the fetch listener it registers.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { handoffs, failure } from 'fastly:fanout';

const listeners = [];
globalThis.addEventListener = (type, listener) => listeners.push({ type, listener });
await import('../../edge/src/index.js');

// The stand-in for Fastly's fetch: records calls and answers what the current test wants.
let fetchCalls = [];
let fetchBehaviour = async () => new Response('from origin', { status: 200 });
globalThis.fetch = async (request, init) => {
  fetchCalls.push({ request, init });
  return fetchBehaviour(request, init);
};

beforeEach(() => {
  handoffs.length = 0;
  failure.error = null;
  fetchCalls = [];
  fetchBehaviour = async () => new Response('from origin', { status: 200 });
});

// Dispatches a request the way the Compute runtime does and returns the response it was given.
async function dispatch(request) {
  let responded;
  const event = { request, respondWith: (response) => { responded = response; } };
  listeners[0].listener(event);
  assert.ok(responded, 'the listener called respondWith');
  return await responded;
}

test('registers exactly one fetch listener', () => {
  assert.equal(listeners.length, 1);
  assert.equal(listeners[0].type, 'fetch');
});

test('GET on the events path is handed to Fanout with backend "origin"', async () => {
  const request = new Request('http://edge.test/rooms/caf%C3%A9/events/?lastEventId=room-caf%C3%A9%3A3');
  const response = await dispatch(request);
  assert.equal(handoffs.length, 1);
  assert.equal(handoffs[0].request, request);
  assert.equal(handoffs[0].backend, 'origin');
  assert.equal(response.headers.get('X-Test-Handoff'), 'origin');
  assert.equal(fetchCalls.length, 0);
});

for (const [method, path] of [
  ['GET', '/rooms/a/messages/'],
  ['POST', '/rooms/a/messages/'],
  ['POST', '/rooms/a/events/'],
  ['HEAD', '/rooms/a/events/'],
  ['GET', '/rooms/a/b/events/'],
  ['GET', '/rooms/%zz/events/'],
  ['GET', '/'],
]) {
  test(`${method} ${path} is passed to the origin unchanged`, async () => {
    const body = method === 'POST' ? 'from=alice&text=hi' : undefined;
    const request = new Request(`http://edge.test${path}`, { method, body, headers: { 'X-Probe': '1' } });
    const response = await dispatch(request);
    assert.equal(handoffs.length, 0);
    assert.equal(fetchCalls.length, 1);
    assert.equal(fetchCalls[0].request, request, 'the very same Request object');
    assert.deepEqual(fetchCalls[0].init, { backend: 'origin' });
    assert.equal(request.headers.get('X-Probe'), '1');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'from origin');
  });
}

test('origin error statuses are passed through as they are', async () => {
  fetchBehaviour = async () => new Response('{"error":"bad room"}', { status: 400 });
  const response = await dispatch(new Request('http://edge.test/rooms/%zz/events/'));
  assert.equal(response.status, 400);
  assert.equal(await response.text(), '{"error":"bad room"}');
});

test('an unreachable origin gives 502 with a JSON error', async (t) => {
  t.mock.method(console, 'error', () => {});
  fetchBehaviour = async () => { throw new TypeError('connection refused'); };
  const response = await dispatch(new Request('http://edge.test/rooms/a/messages/'));
  assert.equal(response.status, 502);
  assert.equal(response.headers.get('Content-Type'), 'application/json');
  const body = await response.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(typeof body.error, 'string');
  assert.equal(console.error.mock.callCount(), 1);
});

test('a failed Fanout handoff gives 500 with a JSON error', async (t) => {
  t.mock.method(console, 'error', () => {});
  failure.error = new Error('fanout is not enabled');
  const response = await dispatch(new Request('http://edge.test/rooms/a/events/'));
  assert.equal(response.status, 500);
  assert.equal(response.headers.get('Content-Type'), 'application/json');
  assert.equal(typeof (await response.json()).error, 'string');
  assert.equal(fetchCalls.length, 0);
});
