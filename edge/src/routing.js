// The routing decision of the edge, kept pure so it can be tested without Fastly's runtime.

// The demo's events path: /rooms/{room}/events/ with exactly one non-empty room segment.
// The origin accepts the path with or without the trailing slash, so both are handed off.
const EVENTS_PATH = /^\/rooms\/([^/]+)\/events\/?$/;

// True when the request is an SSE subscription that Fanout should hold:
// GET /rooms/{room}/events/ (any query string). Everything else goes straight to the origin.
export function isEventStreamRequest(method, url) {
  if (method !== 'GET') {
    return false;
  }
  const match = EVENTS_PATH.exec(pathnameOf(url));
  return match !== null && isValidPercentEncoding(match[1]);
}

// The URL parser normalises the path ("." and ".." segments, backslashes), as the origin does.
function pathnameOf(url) {
  return new URL(url, 'http://edge.invalid/').pathname;
}

// A room segment such as "%zz" is left to the origin, which answers 400.
function isValidPercentEncoding(segment) {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
