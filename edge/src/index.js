// Fastly Compute entry: hands event streams to Fanout, passes every other request to the origin.
import { createFanoutHandoff } from 'fastly:fanout';
import { isEventStreamRequest } from './routing.js';

// The backend name configured on the Fastly service (and in fastly.toml for local runs).
const ORIGIN_BACKEND = 'origin';

addEventListener('fetch', (event) => event.respondWith(handleRequest(event.request)));

async function handleRequest(request) {
  if (isEventStreamRequest(request.method, request.url)) {
    return handOffToFanout(request);
  }
  return passToOrigin(request);
}

// Fanout forwards the request to the origin itself and holds the stream the origin asks for.
function handOffToFanout(request) {
  try {
    return createFanoutHandoff(request, ORIGIN_BACKEND);
  } catch (error) {
    console.error(`fanout handoff failed: ${error}`);
    return errorResponse(500, 'could not hand the event stream to Fanout');
  }
}

async function passToOrigin(request) {
  try {
    return await fetch(request, { backend: ORIGIN_BACKEND });
  } catch (error) {
    console.error(`origin fetch failed: ${error}`);
    return errorResponse(502, 'the origin server could not be reached');
  }
}

// Errors have the same shape as the origin's own: {"error": "..."}.
function errorResponse(status, message) {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}
