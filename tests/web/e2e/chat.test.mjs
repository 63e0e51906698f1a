// End-to-end tests of the browser chat (web/): headless Chromium driven by playwright-core
// against a real chat-server, directly and through a real Pushpin.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ChatServer, Pushpin, UNLIMITED_POSTING, postMessage, saveArtifact, tempDir } from './harness.mjs';
import {
  WAIT, apiPresence, closeAll, openChat, send, shownMessages, useBrowser, waitConnected,
  waitForMessage, waitUntil,
} from './pages.mjs';

// Names that break naive URL building or HTML rendering.
const ROOM = 'Café & "Friends" #1 + ☕';
const ALICE = 'Zoë & "Al" #1 + 🎉';
const BOB = "bob o'brien + co";

useBrowser();

for (const topology of ['direct', 'pushpin']) {
  describe(`chat ${topology === 'direct' ? 'at the origin' : 'through Pushpin'}`, () => {
    const dir = tempDir();
    let origin;
    let pushpin;
    let baseUrl;

    before(async () => {
      if (topology === 'pushpin') {
        pushpin = new Pushpin();
        await pushpin.choosePorts();
      }
      // The tests seed rooms with hundreds of posts from 127.0.0.1: no post rate limit here.
      origin = new ChatServer({
        database: path.join(dir, 'x.sqlite3'), gripUrl: pushpin?.gripUrl, extraArgs: UNLIMITED_POSTING,
      });
      await origin.start();
      if (pushpin) await pushpin.start(origin.port);
      baseUrl = pushpin ? pushpin.url : origin.url;
    });

    after(async () => {
      await pushpin?.stop();
      await origin?.stop();
    });

    it('two browsers chat in one room; a third in another room sees nothing', async () => {
      await postMessage(baseUrl, ROOM, 'carol', 'from the history');

      // Alice joins through the form; her nickname is remembered.
      const alice = await openChat(baseUrl, ROOM, null);
      await alice.goto(`${baseUrl}/${encodeURIComponent(ROOM)}`);
      await alice.fill('#nickname', ALICE);
      await alice.click('#join button[type=submit]');
      await alice.waitForURL((url) => url.searchParams.get('user') === ALICE, WAIT);
      assert.equal(decodeURIComponent(new URL(alice.url()).pathname.slice(1)), ROOM);
      await waitConnected(alice);
      assert.equal(await alice.textContent('#me'), ALICE);
      assert.equal(await alice.textContent('#room-title'), `#${ROOM}`);
      assert.equal(await alice.evaluate(() => localStorage.getItem('chat.nickname')), ALICE);

      const bob = await openChat(baseUrl, ROOM, BOB);
      const other = await openChat(baseUrl, 'elsewhere', 'dave');
      await waitForMessage(alice, 'from the history');
      await waitForMessage(bob, 'from the history');

      // Each waits for the one before, so the order on the server is known.
      await send(alice, 'hello from alice & co <b>');
      await waitForMessage(bob, 'hello from alice & co <b>');
      await send(bob, 'hi alice 👋');
      await waitForMessage(alice, 'hi alice 👋');
      await alice.click('#text');
      await alice.fill('#text', 'button send');
      await alice.click('#send');
      for (const page of [alice, bob]) {
        await waitForMessage(page, 'hello from alice & co <b>');
        await waitForMessage(page, 'hi alice 👋');
        await waitForMessage(page, 'button send');
      }
      await alice.waitForFunction(() => !document.querySelector('#messages li.pending'), null, WAIT);

      for (const [page, me] of [[alice, ALICE], [bob, BOB]]) {
        const shown = await shownMessages(page);
        assert.deepEqual(shown.map((m) => m.text),
          ['from the history', 'hello from alice & co <b>', 'hi alice 👋', 'button send']);
        assert.deepEqual(shown.map((m) => m.from), ['carol', ALICE, BOB, ALICE]);
        assert.deepEqual(shown.map((m) => m.own), shown.map((m) => m.from === me));
        assert.ok(shown.every((m) => m.id !== null && !m.pending && !m.failed));
        assert.equal(new Set(shown.map((m) => m.id)).size, shown.length, 'each message once');
      }
      // Whitespace-only input is not sent.
      await send(bob, '   ');
      assert.equal((await shownMessages(bob)).length, 4);

      // The other room saw none of it, and still works.
      assert.deepEqual(await shownMessages(other), []);
      await send(other, 'only here');
      await waitForMessage(other, 'only here');
      await other.waitForFunction(() => !document.querySelector('#messages li.pending'), null, WAIT);
      assert.deepEqual((await shownMessages(other)).map((m) => m.text), ['only here']);
      assert.equal((await shownMessages(alice)).length, 4);

      // The join page remembers the nickname.
      await alice.goto(`${baseUrl}/${encodeURIComponent(ROOM)}`);
      assert.equal(await alice.inputValue('#nickname'), ALICE);
      await closeAll(alice, bob, other);
    });

    if (topology !== 'direct') return;

    it('renders names, rooms and messages with markup as text and runs no script', async () => {
      const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
      const nick = '<img src=x onerror="window.__xss=5">&amp;';
      const room = '<img src=x onerror=window.__xss=3>';
      const page = await openChat(baseUrl, room, nick);
      await send(page, payload);
      await waitForMessage(page, payload);
      await postMessage(baseUrl, room, '<svg onload="window.__xss=4">', '<i>live</i>');
      await waitForMessage(page, '<i>live</i>');
      assert.equal(await page.textContent('#me'), nick);
      assert.deepEqual((await shownMessages(page)).map((m) => [m.from, m.text, m.own]),
        [[nick, payload, true], ['<svg onload="window.__xss=4">', '<i>live</i>', false]]);
      assert.equal(await page.textContent('#room-title'), `#${room}`);
      assert.equal(await page.title(), `#${room} · Chat`);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await page.locator('#chat img, #chat script, #chat svg, #chat i').count(), 0);
      // The join page too.
      await page.goto(`${baseUrl}/${encodeURIComponent(room)}`);
      assert.equal(await page.textContent('#join-room'), `#${room}`);
      assert.equal(await page.inputValue('#nickname'), nick);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      await closeAll(page);
    });

    it('a too-long message shows the server\'s error, keeps the text and offers retry', async () => {
      const page = await openChat(baseUrl, 'limits', 'erin');
      const text = `${'€'.repeat(4096)}x`; // 4097 code points
      await page.fill('#text', text);
      await page.waitForFunction(() => document.querySelector('#counter').textContent.includes('4097 / 4096'),
        null, WAIT);
      await page.press('#text', 'Enter');
      const failed = page.locator('#messages li.failed');
      await failed.waitFor(WAIT);
      assert.match(await failed.locator('.send-error').textContent(), /Not sent: .*4096/);
      assert.equal(await failed.locator('.text').textContent(), text);
      assert.equal(await failed.locator('button.retry').count(), 1);
      // Edit puts the text back into the composer.
      await failed.locator('button.edit').click();
      assert.equal(await page.inputValue('#text'), text);
      assert.equal(await page.locator('#messages li.msg').count(), 0);
      await closeAll(page);
    });

    it('"load older" pages back to the first of 200 messages', async () => {
      const room = 'long history';
      await postMessage(baseUrl, room, 'bot', 'n1');
      for (let i = 2; i <= 200; i += 33) { // a few at a time, to be quick
        await Promise.all(Array.from({ length: Math.min(33, 201 - i) },
          (_, k) => postMessage(baseUrl, room, 'bot', `n${i + k}`)));
      }
      const page = await openChat(baseUrl, room, 'reader');
      assert.equal((await shownMessages(page)).length, 50);
      assert.ok(await page.evaluate(() => {
        const el = document.querySelector('#scroller');
        return el.scrollHeight - el.scrollTop - el.clientHeight < 2;
      }), 'opens at the bottom');

      // Scrolled up: a new message does not move the view but shows the "new messages" button;
      // in a hidden tab the title counts unread messages.
      await page.evaluate(() => { document.querySelector('#scroller').scrollTop = 0; });
      await page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { value: true, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await postMessage(baseUrl, room, 'bot', 'n201');
      await waitForMessage(page, 'n201');
      assert.equal(await page.textContent('#new-messages'), '1 new message ↓');
      assert.equal(await page.evaluate(() => document.querySelector('#scroller').scrollTop), 0);
      assert.equal(await page.title(), `(1) #${room} · Chat`);
      assert.match(await page.textContent('#announcer'), /bot: n201/);
      await page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { value: false, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      assert.equal(await page.title(), `#${room} · Chat`);
      await page.click('#new-messages');
      await page.waitForSelector('#new-messages', { state: 'hidden', ...WAIT });
      while (await page.locator('#load-older').isVisible()) {
        const before = (await shownMessages(page)).length;
        await page.click('#load-older');
        await page.waitForFunction((n) => document.querySelectorAll('#messages li.msg').length > n
          || document.querySelector('#load-older').hidden, before, WAIT);
      }
      const shown = await shownMessages(page);
      assert.equal(shown.length, 201);
      assert.deepEqual(shown.map((m) => m.id), [...shown.map((m) => m.id)].sort((a, b) => a - b));
      assert.deepEqual(new Set(shown.map((m) => m.text)),
        new Set(Array.from({ length: 201 }, (_, k) => `n${k + 1}`)));
      assert.equal(shown[0].text, 'n1');
      await page.waitForSelector('#history-start:not([hidden])', WAIT);
      await closeAll(page);
    });

    it('survives a server restart: reconnecting, then every message exactly once', async () => {
      const room = 'restart';
      const page = await openChat(baseUrl, room, 'frank');
      await send(page, 'before 1');
      await waitForMessage(page, 'before 1');
      await postMessage(baseUrl, room, 'grace', 'before 2');
      await waitForMessage(page, 'before 2');

      await origin.stop();
      await page.waitForSelector('#status[data-state="reconnecting"]', WAIT);
      await origin.start(); // same port, same database
      await postMessage(baseUrl, room, 'grace', 'while away');
      await waitConnected(page);
      // The restarted server knows nobody is online: the page says it is at once, not 20 s later.
      await waitUntil(async () => (await apiPresence(baseUrl, room)).includes('frank'), 5000);
      await postMessage(baseUrl, room, 'grace', 'after');
      await waitForMessage(page, 'while away');
      await waitForMessage(page, 'after');
      await send(page, 'after 2');
      await waitForMessage(page, 'after 2');
      await page.waitForFunction(() => !document.querySelector('#messages li.pending'), null, WAIT);
      const texts = (await shownMessages(page)).map((m) => m.text);
      assert.deepEqual(texts, ['before 1', 'before 2', 'while away', 'after', 'after 2']);
      await closeAll(page);
    });

    it('looks right on a desktop and a phone (screenshots)', async () => {
      const room = 'design review';
      await postMessage(baseUrl, room, 'heidi', 'Morning! Did the deploy go out?');
      await postMessage(baseUrl, room, 'ivan', 'Yes, at 9:12. Dashboards look calm so far.');
      await postMessage(baseUrl, room, 'heidi',
        'Great. A longer message to see how wrapping behaves when a line is much wider than the '
        + 'bubble, with an emoji 🚀 and a link-like text https://example.com/some/long/path.');
      for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }],
        ['phone', { width: 390, height: 844 }]]) {
        const page = await openChat(baseUrl, room, 'ivan', viewport);
        await send(page, 'Multi-line\nmessages keep their lines.');
        await waitForMessage(page, 'Multi-line\nmessages keep their lines.');
        await page.screenshot({ path: saveArtifact(`chat-${name}.png`) });
        const join = await openChat(baseUrl, room, null, viewport);
        await join.goto(`${baseUrl}/${encodeURIComponent(room)}`);
        await join.screenshot({ path: saveArtifact(`join-${name}.png`) });
        await closeAll(page, join);
      }
    });
  });
}

describe('stream-reset', () => {
  // A replay window of 0: any message missed while away is beyond what the server replays.
  const dir = tempDir();
  const origin = new ChatServer({ database: path.join(dir, 'reset.sqlite3'), extraArgs: [...UNLIMITED_POSTING, '--replay-window', '0'] });

  before(async () => { await origin.start(); });
  after(async () => { await origin.stop(); });

  it('reloads the history by itself when the server cannot replay what was missed', async () => {
    const room = 'reset';
    const page = await openChat(origin.url, room, 'judy');
    await postMessage(origin.url, room, 'kim', 'before');
    await waitForMessage(page, 'before');

    await origin.stop();
    await page.waitForSelector('#status[data-state="reconnecting"]', WAIT);
    // Kept off the network until the messages it is to miss are stored: a page that came back
    // to the restarted server before them would get them live, with nothing to reset (a loaded
    // machine made that happen). Offline, it stops retrying; online, it reconnects at once.
    await page.context().setOffline(true);
    await page.waitForSelector('#status[data-state="offline"]', WAIT);
    await origin.start(); // same port and database
    await postMessage(origin.url, room, 'kim', 'missed 1');
    await postMessage(origin.url, room, 'kim', 'missed 2');
    await page.context().setOffline(false);
    await page.waitForFunction(() => document.body.textContent.includes('reloading the history'),
      null, WAIT);
    await waitForMessage(page, 'missed 2');
    await waitConnected(page);
    await postMessage(origin.url, room, 'kim', 'live again');
    await waitForMessage(page, 'live again');
    const texts = (await shownMessages(page)).map((m) => m.text);
    assert.deepEqual(texts, ['before', 'missed 1', 'missed 2', 'live again']);
    await closeAll(page);
  });
});

describe('post rate limit', () => {
  // One message a second, none in reserve: the second of two quick sends is refused with 429.
  const dir = tempDir();
  const origin = new ChatServer({
    database: path.join(dir, 'limited.sqlite3'), extraArgs: ['--post-rate', '1', '--post-burst', '1'],
  });

  before(async () => { await origin.start(); });
  after(async () => { await origin.stop(); });

  it('keeps a refused message pending with a countdown and sends it once when allowed', async () => {
    const room = 'limited';
    const page = await openChat(origin.url, room, 'lena');
    await send(page, 'first');
    await send(page, 'second');
    await page.waitForFunction(() => [...document.querySelectorAll('#messages li.waiting .state')]
      .some((state) => /^sending in \d+ s$/.test(state.textContent)), null, WAIT);
    await page.waitForFunction(() => !document.querySelector('#messages li.pending'), null, WAIT);
    const texts = (await shownMessages(page)).map((m) => m.text);
    assert.deepEqual(texts, ['first', 'second']); // in the order written
    const stored = await (await fetch(`${origin.url}/rooms/${room}/messages/`)).json();
    assert.deepEqual(stored.messages.map((m) => m.text), ['second', 'first']); // once each
    await closeAll(page);
  });
});
