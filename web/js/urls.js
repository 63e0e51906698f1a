// The page's and the API's URLs for a room and a nickname.

export const DEFAULT_ROOM = 'default';

// The page is at /<room>; "/" is the default room.
export function roomFromPath(pathname) {
  const segment = pathname.replace(/^\//, '').replace(/\/$/, '');
  if (segment === '') return DEFAULT_ROOM;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not percent-encoding after all: the raw text is the best guess
  }
}

export function pagePath(room) {
  return room === DEFAULT_ROOM ? '/' : '/' + encodeURIComponent(room);
}

export function chatUrl(room, nick) {
  return '/' + encodeURIComponent(room) + '?user=' + encodeURIComponent(nick);
}

function roomApiPath(room) {
  return '/rooms/' + encodeURIComponent(room);
}

export function messagesPath(room) {
  return roomApiPath(room) + '/messages/';
}

export function eventsPath(room) {
  return roomApiPath(room) + '/events/';
}

export function presencePath(room) {
  return roomApiPath(room) + '/presence/';
}

export function typingPath(room) {
  return roomApiPath(room) + '/typing/';
}

// The rooms directory; before: the last room name of the page already shown.
export function roomsPath({ limit = null, before = null } = {}) {
  const query = new URLSearchParams();
  if (limit !== null) query.set('limit', String(limit));
  if (before !== null) query.set('before', before);
  const search = query.toString();
  return '/rooms/' + (search ? '?' + search : '');
}
