// End-to-end: the operator removes a message (DELETE with the bearer token) and it disappears
// from every open page, live, and stays gone after a reload and for a page opened later; in
// Chromium against a real chat-server, directly and through a real Pushpin.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { UNLIMITED_POSTING, postMessage, tempDir } from './harness.mjs';
import {
  TOPOLOGIES, WAIT, closeAll, openChat, send, shownMessages, storedMessages, topologyName,
  useBrowser, useServers, waitConnected, waitForMessage,
} from './pages.mjs';

const TOKEN = 'e2e-operator-token-0123456789';
const tokenFile = path.join(tempDir('chat-moderation-'), 'admin-token');
fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });

useBrowser();

async function removeMessage(originUrl, room, id, token = TOKEN) {
  const response = await fetch(`${originUrl}/rooms/${encodeURIComponent(room)}/messages/${id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` },
  });
  return response.status;
}

function waitGone(page, text) {
  return page.waitForFunction((unwanted) => ![...document.querySelectorAll('#messages li.msg .text')]
    .some((el) => el.textContent === unwanted), text, WAIT);
}

const texts = async (page) => (await shownMessages(page)).map((message) => message.text);

for (const topology of TOPOLOGIES) {
  describe(`moderation ${topologyName(topology)}`, () => {
    const servers = useServers(topology, [...UNLIMITED_POSTING, '--admin-token-file', tokenFile]);

    it('a removed message disappears for everyone, and after a reload', async () => {
      const room = 'moderated & "co"';
      const alice = await openChat(servers.baseUrl, room, 'alice');
      const bob = await openChat(servers.baseUrl, room, 'bob');
      await send(alice, 'first, and fine');
      const rude = await postMessage(servers.baseUrl, room, 'troll', 'something rude');
      await send(alice, 'last, and fine');
      for (const page of [alice, bob]) {
        await waitForMessage(page, 'last, and fine');
        // Its own stream event: through the proxy it may come after alice's answer to her post.
        await waitForMessage(page, 'something rude');
      }

      assert.equal(await removeMessage(servers.origin.url, room, rude.id, 'wrong-token-wrong-token'), 401);
      assert.equal(await removeMessage(servers.origin.url, room, rude.id), 200);
      for (const page of [alice, bob]) {
        await waitGone(page, 'something rude');
        assert.deepEqual(await texts(page), ['first, and fine', 'last, and fine']);
      }
      assert.deepEqual((await storedMessages(servers.baseUrl, room)).map((m) => m.text),
        ['first, and fine', 'last, and fine']);

      // Reloaded, and opened afresh: the history no longer has it.
      await bob.reload();
      await waitConnected(bob);
      await waitForMessage(bob, 'last, and fine');
      assert.deepEqual(await texts(bob), ['first, and fine', 'last, and fine']);
      const carol = await openChat(servers.baseUrl, room, 'carol');
      await waitForMessage(carol, 'last, and fine');
      assert.deepEqual(await texts(carol), ['first, and fine', 'last, and fine']);

      // The stream carries on after the removal's event id.
      await send(bob, 'after the removal');
      for (const page of [alice, bob, carol]) await waitForMessage(page, 'after the removal');
      assert.deepEqual(await texts(alice), ['first, and fine', 'last, and fine', 'after the removal']);
      await closeAll(alice, bob, carol);
    });
  });
}
