// End-to-end: a message reaches the room exactly once when the network fails around it, in
// Chromium against a real chat-server, directly and through a real Pushpin: the answer to its
// POST lost on the way back (a relay drops it), or written while the browser is offline.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { LossyRelay, UNLIMITED_POSTING, postMessage } from './harness.mjs';
import {
  TOPOLOGIES, WAIT, closeAll, openChat, send, shownMessages, storedMessages, topologyName,
  useBrowser, useServers, waitForMessage, waitNothingPending,
} from './pages.mjs';

const ALICE = 'Zoë & "Al" #1 + 🎉';
const BOB = "bob o'brien + co";

useBrowser();

// Each text once, confirmed, in this order.
async function assertShownOnce(page, texts) {
  const shown = await shownMessages(page);
  assert.deepEqual(shown.map((m) => m.text), texts);
  assert.ok(shown.every((m) => m.id !== null && !m.pending && !m.failed));
  assert.equal(new Set(shown.map((m) => m.id)).size, shown.length);
}

// Records every send state a page's lines pass through, from now on.
function recordStates(page) {
  return page.evaluate(() => {
    window.__states = [];
    new MutationObserver(() => {
      for (const state of document.querySelectorAll('#messages li .state')) {
        if (state.textContent && window.__states.at(-1) !== state.textContent) {
          window.__states.push(state.textContent);
        }
      }
    }).observe(document.querySelector('#messages'), { subtree: true, childList: true, characterData: true });
  });
}

for (const topology of TOPOLOGIES) {
  describe(`delivery ${topologyName(topology)}`, () => {
    const servers = useServers(topology, UNLIMITED_POSTING);
    let relay;

    before(async () => {
      relay = new LossyRelay(new URL(servers.baseUrl).port);
      await relay.start();
    });
    after(async () => {
      await relay?.stop();
    });

    it('a send whose answer was lost is sent again with its key and shows once', async () => {
      const room = 'lost answer';
      await postMessage(servers.baseUrl, room, 'carol', 'before');
      const alice = await openChat(relay.url, room, ALICE); // through the relay
      const bob = await openChat(servers.baseUrl, room, BOB);
      await waitForMessage(alice, 'before');
      await recordStates(alice);

      relay.loseNextAnswer();
      await send(alice, 'said once');
      await waitForMessage(bob, 'said once');
      await waitForMessage(alice, 'said once');
      await send(alice, 'and after');
      await waitForMessage(bob, 'and after');
      await waitNothingPending(alice);

      // The page noticed the loss and retried by itself, with the key of the first attempt.
      const states = await alice.evaluate(() => window.__states);
      assert.ok(states.some((state) => /^no connection: trying again in \d+ s$/.test(state)),
        `states: ${states.join(' | ')}`);
      const posts = relay.requests;
      assert.equal(posts.length, 3, JSON.stringify(posts));
      assert.deepEqual(posts.map((p) => [p.lost, p.replayed]), [[true, false], [false, true], [false, false]]);
      assert.match(posts[0].key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(posts[1].key, posts[0].key, 'the retry reuses the key');
      assert.notEqual(posts[2].key, posts[0].key, 'a new message gets a new key');
      assert.deepEqual(posts.map((p) => p.status), [200, 200, 200]);

      for (const page of [alice, bob]) await assertShownOnce(page, ['before', 'said once', 'and after']);
      assert.deepEqual((await storedMessages(servers.baseUrl, room)).map((m) => [m.from, m.text]),
        [['carol', 'before'], [ALICE, 'said once'], [ALICE, 'and after']]);
      await closeAll(alice, bob);
    });

    it('a message written offline waits for the connection and is sent once when back', async () => {
      const room = 'offline';
      const alice = await openChat(servers.baseUrl, room, ALICE);
      const bob = await openChat(servers.baseUrl, room, BOB);

      await alice.context().setOffline(true);
      await alice.waitForSelector('#status[data-state="offline"]', WAIT);
      await send(alice, 'written offline');
      await send(alice, 'and another');
      await alice.waitForFunction(() => [...document.querySelectorAll('#messages li.pending .state')]
        .map((state) => state.textContent).join('|') === 'waiting for the connection…|waiting for the connection…',
      null, WAIT);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // no retry sneaks out meanwhile
      assert.deepEqual(await storedMessages(servers.baseUrl, room), []);

      await alice.context().setOffline(false);
      await waitForMessage(bob, 'and another');
      await waitNothingPending(alice);
      for (const page of [alice, bob]) await assertShownOnce(page, ['written offline', 'and another']);
      assert.deepEqual((await storedMessages(servers.baseUrl, room)).map((m) => m.text),
        ['written offline', 'and another']);
      await closeAll(alice, bob);
    });
  });
}
