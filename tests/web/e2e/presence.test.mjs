// End-to-end: who is online and who is typing, in Chromium against a real chat-server, directly
// and through a real Pushpin (whose presence and typing events go on a channel without ids).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UNLIMITED_POSTING, chatUrl } from './harness.mjs';
import {
  TOPOLOGIES, WAIT, apiPresence, closeAll, openChat, send, topologyName, useBrowser, useServers,
  waitConnected, waitForMessage, waitUntil,
} from './pages.mjs';

const ALICE = 'Zoë & "Al" #1 + 🎉';
const BOB = "bob o'brien + co";
const CAROL = '<b>carol</b>';

useBrowser();

// The names a page lists as online, as shown.
function onlineNames(page) {
  return page.$$eval('#online .person-name', (names) => names.map((name) => name.textContent));
}

function waitOnline(page, names, options = WAIT) {
  return page.waitForFunction((wanted) => JSON.stringify([...document.querySelectorAll('#online .person-name')]
    .map((name) => name.textContent)) === JSON.stringify(wanted), names, options);
}

// Someone who left is off the list at once, not at the server's presence timeout (45 s), which
// would take them off too: so this wait stays well within it, whatever WAIT is.
const LEFT = { timeout: 20000 };

function waitTyping(page, pattern) {
  return page.waitForFunction((source) => new RegExp(source).test(document.querySelector('#typing').textContent),
    pattern.source, WAIT);
}

// Pauses the page's flowing fake clock a moment from now and returns that time. The moment can
// pass before the pause arrives (a busy machine): then Playwright refuses to go back, and this
// asks again.
async function pauseSoon(page) {
  for (let attempt = 1; ; attempt += 1) {
    const at = (await page.evaluate(() => Date.now())) + 100;
    try {
      await page.clock.pauseAt(at);
      return at;
    } catch (error) {
      if (attempt === 5 || !/to the past/.test(String(error))) throw error;
    }
  }
}

const sorted = (...names) => names.sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));

for (const topology of TOPOLOGIES) {
  describe(`presence and typing ${topologyName(topology)}`, () => {
    const servers = useServers(topology, UNLIMITED_POSTING);

    it('two people see each other online, and one leaving when the page closes', async () => {
      const room = 'Presence & "co" ☕';
      const alice = await openChat(servers.baseUrl, room, ALICE);
      await waitOnline(alice, [ALICE]);
      assert.equal(await alice.textContent('#online .me .you'), '(you)');
      const bob = await openChat(servers.baseUrl, room, BOB);
      for (const page of [alice, bob]) await waitOnline(page, sorted(ALICE, BOB));
      assert.deepEqual(await apiPresence(servers.baseUrl, room), [BOB, ALICE].sort());
      assert.equal(await alice.textContent('#online-count'), '2');
      assert.equal(await bob.textContent('#online .me .person-name'), BOB);

      // Closing the tab sends status=offline as a beacon: gone at once, not 45 s later.
      assert.deepEqual(bob.problems, []);
      await bob.close();
      await waitOnline(alice, [ALICE], LEFT);
      assert.deepEqual(await apiPresence(servers.baseUrl, room), [ALICE]);
      // Joining another room leaves this one too (the page goes away).
      const carol = await openChat(servers.baseUrl, room, CAROL);
      await waitOnline(alice, sorted(ALICE, CAROL));
      await carol.goto(`${servers.baseUrl}/elsewhere?user=carol`);
      await waitOnline(alice, [ALICE], LEFT);
      assert.deepEqual(await onlineNames(alice), [ALICE]);
      await closeAll(alice, carol);
    });

    // pagehide does not always run: Chromium closes a page that has not run its unload handlers
    // within 500 ms without them (as CI saw, a loaded machine is enough), and a crashed page runs
    // nothing. The page handed its leaving to the browser beforehand (fetchLater).
    it('one whose page crashes, or is busy as it closes, leaves at once all the same', async () => {
      const room = 'gone without pagehide';
      const alice = await openChat(servers.baseUrl, room, ALICE);
      const bob = await openChat(servers.baseUrl, room, BOB);
      await waitOnline(alice, sorted(ALICE, BOB));
      const cdp = await bob.context().newCDPSession(bob);
      cdp.send('Page.crash').catch(() => {}); // no answer comes: the page is gone
      await waitOnline(alice, [ALICE], LEFT);
      assert.deepEqual(await apiPresence(servers.baseUrl, room), [ALICE]);

      const carol = await openChat(servers.baseUrl, room, CAROL);
      await waitOnline(alice, sorted(ALICE, CAROL));
      // Busy from before the close until well after Chromium stopped waiting for it.
      await carol.evaluate(() => setTimeout(() => {
        for (const end = Date.now() + 3000; Date.now() < end;);
      }, 0));
      await carol.close();
      await waitOnline(alice, [ALICE], LEFT);
      assert.deepEqual(await apiPresence(servers.baseUrl, room), [ALICE]);
      await bob.context().close();
      await closeAll(alice);
    });

    it('shows who else is typing, and stops when their message arrives', async () => {
      const room = 'typing';
      const alice = await openChat(servers.baseUrl, room, ALICE);
      const bob = await openChat(servers.baseUrl, room, BOB);
      const carol = await openChat(servers.baseUrl, room, CAROL);
      await alice.type('#text', 'hel');
      await waitTyping(bob, /^Zoë & "Al" #1 \+ 🎉 is typing…$/);
      await waitTyping(carol, /is typing…$/);
      assert.equal(await alice.textContent('#typing'), '', 'never our own name');

      await bob.type('#text', 'hm');
      await waitTyping(carol, /^(Zoë & "Al" #1 \+ 🎉 and bob o'brien \+ co|bob o'brien \+ co and Zoë & "Al" #1 \+ 🎉) are typing…$/);
      await waitTyping(alice, /^bob o'brien \+ co is typing…$/);

      await alice.press('#text', 'Enter'); // sends "hel"
      await waitForMessage(carol, 'hel');
      await waitTyping(carol, /^bob o'brien \+ co is typing…$/);
      await send(bob, 'hmm');
      await waitForMessage(carol, 'hmm');
      await waitTyping(carol, /^$/);
      assert.equal(await carol.locator('#typing b').count(), 0);

      // Someone who types and then stops is shown for five seconds after their last keystroke.
      const dave = await openChat(servers.baseUrl, room, 'dave');
      await dave.type('#text', 'x');
      await waitTyping(carol, /^dave is typing…$/);
      const shownAt = Date.now();
      await waitTyping(carol, /^$/);
      const shownFor = Date.now() - shownAt;
      assert.ok(shownFor > 4000 && shownFor < 7000, `shown for ${shownFor} ms`);
      await closeAll(alice, bob, carol, dave);
    });
  });
}

describe('presence and typing requests', () => {
  const servers = useServers('direct', UNLIMITED_POSTING);

  // The POSTs a page makes to one of the room's endpoints, with their form fields.
  function recordPosts(page, endpoint) {
    const posts = [];
    page.context().on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith(`/${endpoint}/`)) {
        posts.push({ type: request.headers()['content-type'],
          fields: Object.fromEntries(new URLSearchParams(request.postData() ?? '')) });
      }
    });
    return posts;
  }

  it('heartbeats at once and every 20 s, types at most every 2 s, leaves with a form beacon', async () => {
    const room = 'requests';
    const page = await openChat(servers.baseUrl, room, null);
    const heartbeats = recordPosts(page, 'presence');
    const typing = recordPosts(page, 'typing');
    await page.clock.install();
    // The beacon alone, as in a browser without fetchLater (which would also end her presence).
    await page.addInitScript(() => { delete window.fetchLater; });
    // The page's time flows until the clock is paused (its start needs timers), so on a slow
    // machine seconds may pass between the first heartbeat and the pause: each heartbeat's time
    // on the page's clock is read from the page instead.
    await page.addInitScript(() => {
      window.heartbeatTimes = [];
      const fetch = window.fetch;
      window.fetch = (url, init) => {
        if (init?.method === 'POST' && String(url).endsWith('/presence/')) window.heartbeatTimes.push(Date.now());
        return fetch(url, init);
      };
    });
    await page.goto(chatUrl(servers.baseUrl, room, 'rita'));
    await waitConnected(page);
    assert.equal(await page.evaluate(() => typeof window.fetchLater), 'undefined');
    await page.waitForFunction(() => document.querySelectorAll('#online .person').length === 1, null, WAIT);
    assert.equal(heartbeats.length, 1);
    const paused = await pauseSoon(page);
    const [first] = await page.evaluate(() => window.heartbeatTimes);
    assert.ok(paused - first < 19000, `paused ${paused - first} ms after the first heartbeat`);
    await page.clock.runFor(first + 19000 - paused);
    assert.equal(await page.evaluate(() => window.heartbeatTimes.length), 1);
    await page.clock.runFor(1000);
    await page.clock.runFor(20000);
    await waitUntil(() => heartbeats.length === 3);
    assert.deepEqual(await page.evaluate(() => window.heartbeatTimes.map((t) => t - window.heartbeatTimes[0])),
      [0, 20000, 40000]);
    assert.deepEqual(heartbeats[2], { type: 'application/x-www-form-urlencoded', fields: { from: 'rita' } });

    await page.type('#text', 'ab'); // two keystrokes, one typing event
    await page.clock.runFor(1500);
    await page.type('#text', 'c');
    assert.equal(typing.length, 1);
    await page.clock.runFor(500);
    await page.type('#text', 'd');
    await page.press('#text', 'Backspace');
    await page.fill('#text', '   '); // blank: nobody is told
    await page.clock.runFor(5000);
    await page.fill('#text', '');
    assert.equal(typing.length, 2);
    assert.deepEqual(typing[0].fields, { from: 'rita' });

    // pagehide: the status=offline beacon. Playwright does not report a request sent while the
    // document unloads, so the server says whether it came: only it ends her presence before the
    // 45 s timeout (and the server takes only a form or JSON).
    await page.goto('about:blank');
    await waitUntil(async () => (await apiPresence(servers.baseUrl, room)).length === 0, 10000);
    await closeAll(page);
  });
});
