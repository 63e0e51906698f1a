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
