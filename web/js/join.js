// The join form: a nickname (and room) for /<room>?user=<nickname>.
import { rememberNickname, rememberedNickname } from './remembered.js';
import { DEFAULT_ROOM, chatUrl } from './urls.js';
import { asSentence, nicknameProblem, roomNameProblem } from './validation.js';

const $ = window.jQuery;

function join(event) {
  event.preventDefault();
  const nick = String($('#nickname').val()).trim();
  const room = String($('#room').val()).trim() || DEFAULT_ROOM;
  const problem = nicknameProblem(nick) || roomNameProblem(room);
  $('#join-error').text(asSentence(problem));
  if (problem) return;
  rememberNickname(nick);
  window.location.assign(chatUrl(room, nick));
}

export function showJoin(room) {
  document.title = 'Join #' + room + ' · Chat';
  $('#join-room').text('#' + room);
  $('#room').val(room);
  $('#nickname').val(rememberedNickname());
  $('#join').prop('hidden', false);
  $('#nickname').trigger('focus');
  $('#join-form').on('submit', join);
}
