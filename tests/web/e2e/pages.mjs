// The browser side of the e2e tests: one headless Chromium per test file, chat pages opened in
// it with every script error, dialog and CSP report kept, and what the pages show.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before } from 'node:test';

import { ChatServer, Pushpin, chatUrl, launchBrowser, tempDir } from './harness.mjs';

export const WAIT = { timeout: 30000 };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

let browser;

// Call at the top of a test file: a browser for its tests.
export function useBrowser() {
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
}

export const TOPOLOGIES = ['direct', 'pushpin'];

export function topologyName(topology) {
  return topology === 'direct' ? 'at the origin' : 'through Pushpin';
}

// Call inside a describe: a chat-server with a fresh database, behind a Pushpin for 'pushpin',
// started before its tests and stopped after them. baseUrl is where browsers go.
export function useServers(topology, extraArgs = []) {
  const servers = { origin: null, pushpin: null, baseUrl: null };
  before(async () => {
    if (topology === 'pushpin') {
      servers.pushpin = new Pushpin();
      await servers.pushpin.choosePorts();
    }
    servers.origin = new ChatServer({ database: path.join(tempDir(), 'chat.sqlite3'),
      gripUrl: servers.pushpin?.gripUrl, extraArgs });
    await servers.origin.start();
    if (servers.pushpin) await servers.pushpin.start(servers.origin.port);
    servers.baseUrl = (servers.pushpin ?? servers.origin).url;
  });
  after(async () => {
    await servers.pushpin?.stop();
    await servers.origin?.stop();
  });
  return servers;
}

// One browser profile per user (own localStorage), with every page error and CSP report kept.
// nick null: the page is opened but not navigated.
export async function openChat(baseUrl, room, nick, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    page.problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      page.problems.push(`csp: ${message.text()}`);
    }
  });
  if (nick !== null) {
    await page.goto(chatUrl(baseUrl, room, nick));
    await waitConnected(page);
  }
  return page;
}

export function waitConnected(page) {
  return page.waitForSelector('#status[data-state="connected"]', WAIT);
}

// The messages a page shows, oldest first.
export function shownMessages(page) {
  return page.$$eval('#messages li.msg', (items) => items.map((li) => ({
    id: li.dataset.id ? Number(li.dataset.id) : null,
    from: li.querySelector('.from').textContent,
    text: li.querySelector('.text').textContent,
    own: li.classList.contains('own'),
    pending: li.classList.contains('pending'),
    failed: li.classList.contains('failed'),
    continued: li.classList.contains('continued'),
  })));
}

export function waitForMessage(page, text) {
  return page.waitForFunction((wanted) => [...document.querySelectorAll('#messages li.msg[data-id] .text')]
    .some((el) => el.textContent === wanted), text, WAIT);
}

export function waitNothingPending(page) {
  return page.waitForFunction(() => !document.querySelector('#messages li.pending'), null, WAIT);
}

export async function send(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

export async function closeAll(...pages) {
  for (const page of pages) {
    assert.deepEqual(page.problems, [], 'no script errors, dialogs or CSP violations');
    await page.context().close();
  }
}

// Polls condition() (async, on the Node side) until it holds: for what only the server can say.
export async function waitUntil(condition, ms = WAIT.timeout) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Who the server says is online in a room.
export async function apiPresence(baseUrl, room) {
  const response = await fetch(`${baseUrl}/rooms/${encodeURIComponent(room)}/presence/`);
  assert.equal(response.status, 200);
  return (await response.json()).online.map((entry) => entry.from);
}

// The messages of a room as the API has them, oldest first.
export async function storedMessages(baseUrl, room) {
  const response = await fetch(`${baseUrl}/rooms/${encodeURIComponent(room)}/messages/?limit=200`);
  assert.equal(response.status, 200);
  return (await response.json()).messages.reverse();
}
