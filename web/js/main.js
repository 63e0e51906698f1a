// The page's entry: the join form at /<room>, the chat at /<room>?user=<nickname>.
// jQuery is a classic deferred script before this one, so window.jQuery is there already.
import { showJoin } from './join.js';
import { startChat } from './page.js';
import { DEFAULT_ROOM, roomFromPath } from './urls.js';
import { nicknameProblem, roomNameProblem } from './validation.js';

window.jQuery(() => {
  const room = roomFromPath(window.location.pathname);
  const nick = (new URLSearchParams(window.location.search).get('user') || '').trim();
  const badRoom = roomNameProblem(room) !== '';
  if (badRoom || nicknameProblem(nick)) showJoin(badRoom ? DEFAULT_ROOM : room);
  else startChat(room, nick);
});
