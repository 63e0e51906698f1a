// web/js/links.js: which parts of a message become links, and that nothing else does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { splitLinks } from '../../../web/js/links.js';

const joined = (parts) => parts.map((part) => part.text).join('');
const links = (text) => splitLinks(text).filter((part) => part.href);

describe('splitLinks', () => {
  it('gives plain text as one part, and nothing for no text', () => {
    assert.deepEqual(splitLinks('just words'), [{ text: 'just words' }]);
    assert.deepEqual(splitLinks(''), []);
  });

  it('finds http and https links between words', () => {
    assert.deepEqual(splitLinks('see https://example.com/a?b=1&c=2#d and http://x.org'), [
      { text: 'see ' },
      { text: 'https://example.com/a?b=1&c=2#d', href: 'https://example.com/a?b=1&c=2#d' },
      { text: ' and ' },
      { text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('takes the scheme in any case and normalises the href', () => {
    assert.deepEqual(links('HTTPS://Example.COM/Path'),
      [{ text: 'HTTPS://Example.COM/Path', href: 'https://example.com/Path' }]);
  });

  it('leaves the punctuation of the sentence out of the link', () => {
    assert.deepEqual(links('Look: https://a.example/x. Or (https://b.example/y), ok?'), [
      { text: 'https://a.example/x', href: 'https://a.example/x' },
      { text: 'https://b.example/y', href: 'https://b.example/y' },
    ]);
    assert.deepEqual(links('https://en.wikipedia.org/wiki/Foo_(bar)!'),
      [{ text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' }]);
    assert.equal(joined(splitLinks('(https://b.example/y).')), '(https://b.example/y).');
  });

  it('makes no link of other schemes', () => {
    for (const text of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>', 'ftp://example.com/file', 'mailto:a@b.c',
      'vbscript:msgbox(1)', 'file:///etc/passwd']) {
      assert.deepEqual(splitLinks(text), [{ text }], text);
    }
  });

  it('keeps markup as text, and a link inside it only as far as the quote', () => {
    const text = '<a href="javascript:alert(1)">click</a> <a href=https://evil.example/>x</a>';
    const parts = splitLinks(text);
    assert.equal(joined(parts), text);
    assert.deepEqual(parts.filter((part) => part.href),
      [{ text: 'https://evil.example/', href: 'https://evil.example/' }]);
    assert.ok(parts.every((part) => !part.href || part.href.startsWith('https:')));
  });

  it('does not start a link inside a word, nor keep one without a host', () => {
    assert.deepEqual(splitLinks('xhttps://a.example'), [{ text: 'xhttps://a.example' }]);
    assert.deepEqual(splitLinks('https:// nothing'), [{ text: 'https:// nothing' }]);
    assert.deepEqual(splitLinks('javascript:alert(1)//https://ok.example').at(-1),
      { text: 'https://ok.example', href: 'https://ok.example/' });
  });

  it('stops at whitespace, < > and "', () => {
    assert.deepEqual(links('<https://a.example/p>"https://b.example"\nhttps://c.example\t'), [
      { text: 'https://a.example/p', href: 'https://a.example/p' },
      { text: 'https://b.example', href: 'https://b.example/' },
      { text: 'https://c.example', href: 'https://c.example/' },
    ]);
  });

  it('gives the text back unchanged when joined, whatever it holds', () => {
    for (const text of ['a https://x.example/ b', 'é https://ü.example/ä?q=☕ 🎉', 'https://a.example,https://b.example',
      '\u0000 https://x.example \u2028']) {
      assert.equal(joined(splitLinks(text)), text);
    }
    assert.equal(links('https://ü.example/ä')[0].href, 'https://xn--tda.example/%C3%A4');
  });
});
