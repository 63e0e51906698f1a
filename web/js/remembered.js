// The nickname this browser remembers for the join form.

const KEY = 'chat.nickname';

export function rememberedNickname() {
  try {
    return localStorage.getItem(KEY) || '';
  } catch {
    return ''; // storage turned off: the form starts empty
  }
}

export function rememberNickname(nick) {
  try {
    localStorage.setItem(KEY, nick);
  } catch {
    // private mode or storage full: the nickname is still in the URL
  }
}
