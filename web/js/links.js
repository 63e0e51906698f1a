// Splits message text into plain runs and http(s) links, for render.js to build as DOM nodes.
// Only the two web schemes ever become links: javascript:, data: and the rest stay text.

// A candidate starts at a word boundary and runs to whitespace or a character that ends a URL in
// prose or markup (<, >, "); the scheme is matched in any case, as URLs allow.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/gi;

// What ends a sentence around a link rather than the link itself.
const TRAILING = '.,;:!?\'*';
const OPENER_OF = { ')': '(', ']': '[', '}': '{' };

function count(text, character) {
  return text.split(character).length - 1;
}

// "(see https://x.org/a_(b))." keeps the balanced ")" of the URL and drops the rest.
function trimTrailing(candidate) {
  let url = candidate;
  for (;;) {
    const last = url.at(-1);
    const opener = OPENER_OF[last];
    if (TRAILING.includes(last)) url = url.slice(0, -1);
    else if (opener && count(url, last) > count(url, opener)) url = url.slice(0, -1);
    else return url;
  }
}

// The normalised href of an http(s) URL with a host, or null.
function webHref(text) {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

// [{ text }, { text, href }, ...]: the parts in order; their texts joined give the text back.
export function splitLinks(text) {
  const source = String(text);
  const parts = [];
  let at = 0;
  for (const match of source.matchAll(CANDIDATE)) {
    const shown = trimTrailing(match[0]);
    const href = webHref(shown);
    if (!href) continue;
    if (match.index > at) parts.push({ text: source.slice(at, match.index) });
    parts.push({ text: shown, href });
    at = match.index + shown.length;
  }
  if (at < source.length) parts.push({ text: source.slice(at) });
  return parts;
}
