// End-to-end: the side panel (rooms directory, who is online, its toggle), links in messages,
// grouping, and screenshots of it all at desktop and phone sizes, in Chromium against a real
// chat-server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UNLIMITED_POSTING, postMessage, saveArtifact } from './harness.mjs';
import {
  DESKTOP, PHONE, WAIT, closeAll, openChat, send, shownMessages, useBrowser, useServers,
  waitForMessage,
} from './pages.mjs';

useBrowser();

// The rooms the directory lists, as shown, and the one marked current.
function listedRooms(page) {
  return page.$$eval('#rooms .room-link', (links) => links.map((link) => ({
    label: link.querySelector('.room-label').textContent,
    current: link.getAttribute('aria-current') === 'page',
  })));
}

function roomPath(page) {
  const url = new URL(page.url());
  return [decodeURIComponent(url.pathname), url.searchParams.get('user')];
}

async function panelState(page) {
  return {
    visible: await page.locator('#side-panel').isVisible(),
    expanded: await page.getAttribute('#panel-toggle', 'aria-expanded'),
  };
}

describe('side panel', () => {
  const servers = useServers('direct', UNLIMITED_POSTING);

  it('lists the rooms, most recently active first; a click joins one with the same nickname', async () => {
    await postMessage(servers.baseUrl, 'alpha', 'x', 'one');
    await postMessage(servers.baseUrl, 'alpha', 'x', 'two');
    await postMessage(servers.baseUrl, 'beta & "co"', 'x', 'three');
    const page = await openChat(servers.baseUrl, 'alpha', 'mia');
    await page.waitForSelector('#rooms .room-link:has-text("beta")', WAIT);
    assert.deepEqual(await listedRooms(page),
      [{ label: '#beta & "co"', current: false }, { label: '#alpha', current: true }]);
    // Counted once the page's first heartbeat is in: the list is asked for again when connected.
    await page.waitForSelector('#rooms [aria-current] .room-online:text-is("1 online")', WAIT);
    assert.match(await page.textContent('#rooms [aria-current] .room-meta'), /^2 messages/);

    await page.click('#rooms .room-link:has-text("beta")');
    await page.waitForURL((url) => url.pathname !== '/alpha', WAIT);
    assert.deepEqual(roomPath(page), ['/beta & "co"', 'mia']);
    await page.waitForSelector('#status[data-state="connected"]', WAIT);
    assert.equal(await page.textContent('#room-title'), '#beta & "co"');
    await waitForMessage(page, 'three');
    await page.waitForFunction(() => document.querySelector('#rooms [aria-current="page"] .room-label')
      ?.textContent === '#beta & "co"', null, WAIT);
    await closeAll(page);
  });

  it('goes to a room by name, checked as the server checks it', async () => {
    const page = await openChat(servers.baseUrl, 'alpha', 'mia');
    await page.fill('#new-room', 'a/b');
    await page.click('#new-room-form button[type=submit]');
    assert.equal(await page.textContent('#new-room-error'), "Room name must not contain '/'.");
    assert.equal(await page.getAttribute('#new-room', 'aria-invalid'), 'true');
    assert.deepEqual(roomPath(page), ['/alpha', 'mia']);
    await page.fill('#new-room', '   ');
    await page.press('#new-room', 'Enter');
    assert.equal(await page.textContent('#new-room-error'), 'Room name must not be empty.');

    await page.fill('#new-room', '  gamma ray  ');
    await page.press('#new-room', 'Enter');
    await page.waitForURL((url) => url.pathname !== '/alpha', WAIT);
    assert.deepEqual(roomPath(page), ['/gamma ray', 'mia']);
    // A room without messages is not in the server's directory, but the one we are in is listed.
    await page.waitForFunction(() => document.querySelectorAll('#rooms .room-link').length >= 3, null, WAIT);
    assert.deepEqual((await listedRooms(page))[0], { label: '#gamma ray', current: true });
    assert.equal(await page.textContent('#rooms [aria-current] .room-meta'), 'no messages yet');
    await closeAll(page);
  });

  it('makes http(s) links clickable DOM links and keeps markup and other schemes as text', async () => {
    const room = 'links';
    const target = `${servers.baseUrl}/healthz?from=chat`;
    const text = `status: ${target}. <a href=javascript:alert(1)>x</a> javascript:alert(2) `
      + '<b>bold</b> <img src=x onerror=window.__xss=1> (https://example.com/a_(b)) data:text/html,hi';
    await postMessage(servers.baseUrl, room, 'nina', text);
    const page = await openChat(servers.baseUrl, room, 'omar');
    await waitForMessage(page, text);
    const links = await page.$$eval('#messages a', (anchors) => anchors.map((a) => ({
      text: a.textContent, href: a.getAttribute('href'), target: a.target, rel: a.rel,
    })));
    assert.deepEqual(links, [
      { text: target, href: target, target: '_blank', rel: 'noopener noreferrer' },
      { text: 'https://example.com/a_(b)', href: 'https://example.com/a_(b)', target: '_blank',
        rel: 'noopener noreferrer' },
    ]);
    assert.equal(await page.locator('#messages b, #messages img, #messages a[href^="javascript"]').count(), 0);
    assert.equal((await shownMessages(page))[0].text, text);

    // A click opens the link in a new tab of its own.
    const [opened] = await Promise.all([page.context().waitForEvent('page', WAIT),
      page.click(`#messages a[href="${target}"]`)]);
    await opened.waitForLoadState('load', WAIT);
    assert.equal(opened.url(), target);
    assert.equal(await opened.evaluate(() => window.opener), null);
    assert.match(await opened.textContent('body'), /"status"/);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await opened.close();
    await closeAll(page);
  });

  it('groups consecutive messages from one person under one name', async () => {
    const room = 'groups';
    for (const [from, message] of [['pat', 'one'], ['pat', 'two'], ['pat', 'three'], ['quinn', 'four'],
      ['pat', 'five']]) {
      await postMessage(servers.baseUrl, room, from, message);
    }
    const page = await openChat(servers.baseUrl, room, 'quinn');
    await waitForMessage(page, 'five');
    await send(page, 'six');
    await send(page, 'seven');
    await waitForMessage(page, 'seven');
    const shown = await shownMessages(page);
    assert.deepEqual(shown.map((m) => [m.text, m.continued]), [['one', false], ['two', true],
      ['three', true], ['four', false], ['five', false], ['six', false], ['seven', true]]);
    assert.deepEqual(shown.map((m) => m.from), ['pat', 'pat', 'pat', 'quinn', 'pat', 'quinn', 'quinn'],
      'the name is still there for screen readers');
    const nameHeights = await page.$$eval('#messages li.msg .meta',
      (metas) => metas.map((meta) => Math.round(meta.getBoundingClientRect().height)));
    assert.deepEqual(nameHeights.map((h) => h > 1), [true, false, false, true, true, true, false]);
    await closeAll(page);
  });

  it('sits beside the chat on a desktop and behind a toggle on a phone', async () => {
    const desktop = await openChat(servers.baseUrl, 'alpha', 'mia', DESKTOP);
    assert.deepEqual(await panelState(desktop), { visible: true, expanded: 'true' });
    await desktop.click('#panel-toggle');
    assert.deepEqual(await panelState(desktop), { visible: false, expanded: 'false' });
    await desktop.click('#panel-toggle');
    assert.deepEqual(await panelState(desktop), { visible: true, expanded: 'true' });

    const phone = await openChat(servers.baseUrl, 'alpha', 'mia', PHONE);
    assert.deepEqual(await panelState(phone), { visible: false, expanded: 'false' });
    assert.equal(await phone.getAttribute('#panel-toggle', 'aria-controls'), 'side-panel');
    assert.equal(await phone.locator('button#panel-toggle', { hasText: 'Rooms and people' }).count(), 1);
    await phone.click('#panel-toggle');
    assert.deepEqual(await panelState(phone), { visible: true, expanded: 'true' });
    assert.equal(await phone.evaluate(() => document.activeElement.getAttribute('aria-current')), 'page',
      'the focus goes to the current room (not the name field, which would pop up a keyboard)');
    await phone.keyboard.press('Escape');
    assert.deepEqual(await panelState(phone), { visible: false, expanded: 'false' });
    assert.equal(await phone.evaluate(() => document.activeElement.id), 'panel-toggle');
    await phone.click('#panel-toggle');
    await phone.mouse.click(380, 400); // beside the panel, on the dimmed chat
    assert.deepEqual(await panelState(phone), { visible: false, expanded: 'false' });
    await closeAll(desktop, phone);
  });

  it('looks right with the panel open and closed (screenshots)', async () => {
    const room = 'design review';
    const base = servers.baseUrl;
    await postMessage(base, 'release-planning', 'ivan', 'Freeze on Friday?');
    await postMessage(base, room, 'heidi', 'Morning! Did the deploy go out?');
    await postMessage(base, room, 'ivan', 'Yes, at 9:12. Dashboards look calm so far.');
    await postMessage(base, room, 'ivan', 'Release notes: https://example.com/releases/2025-01 (draft).');
    await postMessage(base, room, 'heidi', 'Great, thanks!');
    await postMessage(base, room, 'heidi', 'I will tell the others.');
    const heidi = await openChat(base, room, 'heidi');
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const page = await openChat(base, room, 'ivan', viewport);
      await page.waitForFunction(() => document.querySelectorAll('#online .person').length === 2, null, WAIT);
      await page.waitForSelector('#rooms .room-link:has-text("release-planning")',
        { state: 'attached', ...WAIT });
      await heidi.fill('#text', '');
      await heidi.type('#text', 'One more');
      await page.waitForFunction(() => document.querySelector('#typing').textContent === 'heidi is typing…',
        null, WAIT);
      const open = name === 'desktop';
      await page.screenshot({ path: saveArtifact(`panel-${name}-${open ? 'open' : 'closed'}.png`) });
      await page.click('#panel-toggle');
      await page.screenshot({ path: saveArtifact(`panel-${name}-${open ? 'closed' : 'open'}.png`) });
      await closeAll(page);
      await new Promise((resolve) => setTimeout(resolve, 2100)); // heidi may type again
    }
    await closeAll(heidi);
  });
});
