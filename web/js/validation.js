// The room, nickname and message-text rules of shared/model/validation.cpp, with its sentences.
// tests/vectors/validation.json pins both sides to the same answers, so change them together.

export const LIMITS = Object.freeze({ room: 64, nickname: 64, text: 4096 });

// Code points, as the server counts: a lone surrogate counts as one.
export function characterCount(text) {
  let count = 0;
  for (const _ of String(text)) ++count;
  return count;
}

// What String.prototype.trim() removes is what the server treats as whitespace.
export function isBlank(text) {
  return String(text).trim() === '';
}

function isControl(code) {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

// The string iterator yields a lone surrogate on its own, and a valid pair as one code point.
function isLoneSurrogate(code) {
  return code >= 0xd800 && code <= 0xdfff;
}

function characterProblem(value, what, allowedControls) {
  for (const character of value) {
    const code = character.codePointAt(0);
    if (isLoneSurrogate(code)) return `${what} is not valid Unicode`;
    if (isControl(code) && !allowedControls.includes(character)) {
      return `${what} must not contain control characters`;
    }
  }
  return '';
}

// The checks all three share, in the server's order: the first problem found is the one it names.
function commonProblem(value, what, maxLength, allowedControls = '') {
  const text = String(value);
  if (text === '') return `${what} must not be empty`;
  const problem = characterProblem(text, what, allowedControls);
  if (problem) return problem;
  if (isBlank(text)) return `${what} must not be only whitespace`;
  if (characterCount(text) > maxLength) return `${what} must be at most ${maxLength} characters`;
  return '';
}

export function roomNameProblem(room) {
  // A room is a path segment of the page's and the API's URLs.
  if (String(room).includes('/')) return "room name must not contain '/'";
  return commonProblem(room, 'room name', LIMITS.room);
}

export function nicknameProblem(nickname) {
  return commonProblem(nickname, 'nickname', LIMITS.nickname);
}

export function messageTextProblem(text) {
  return commonProblem(text, 'message text', LIMITS.text, '\t\n\r');
}

// The server's sentences start in lower case to be embedded; on their own they read as sentences.
export function asSentence(problem) {
  return problem ? problem[0].toUpperCase() + problem.slice(1) + '.' : '';
}
