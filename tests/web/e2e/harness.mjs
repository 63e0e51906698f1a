// Starts and stops the real processes the browser tests talk to: chat-server (the origin) and a
// private Pushpin in front of it, plus headless Chromium through playwright-core; and a TCP relay
// that can lose an answer on its way back to the browser (LossyRelay).
// Every process is stopped by its own pid (Pushpin by its process group).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const projectRoot = path.resolve(here, '../../..');

export const serverExe = process.env.CHAT_SERVER_EXE
  ?? path.join(projectRoot, 'build/debug/server/chat-server');
export const webRoot = process.env.CHAT_WEB_ROOT ?? path.join(projectRoot, 'web');
export const artifactsDir = process.env.CHAT_ARTIFACTS ?? path.join(projectRoot, 'test-artifacts');
const pushpinTemplate = path.join(projectRoot, 'server/pushpin/pushpin.conf.template');

// playwright-core lives in web/node_modules (a devDependency of the web UI).
const requireFromWeb = createRequire(path.join(webRoot, 'package.json'));
export const { chromium } = requireFromWeb('playwright-core');

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHAT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function tempDir(prefix = 'chat-web-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// For servers that tests seed faster than a person posts, all from 127.0.0.1.
export const UNLIMITED_POSTING = ['--post-rate', '0'];

// A running chat-server. start() resolves with the port it printed.
export class ChatServer {
  constructor({ database, port = 0, gripUrl = null, extraArgs = [] }) {
    this.database = database;
    this.port = port;
    this.gripUrl = gripUrl;
    this.extraArgs = extraArgs;
    this.output = '';
    this.child = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  start(timeoutMs = 30000) {
    const args = ['--bind', '127.0.0.1', '--port', String(this.port), '--env-file', '/nonexistent',
      '--database', this.database, '--web-root', webRoot, ...this.extraArgs];
    if (this.gripUrl) args.push('--grip-url', this.gripUrl);
    const child = spawn(serverExe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`chat-server did not start:\n${this.output}`)),
        timeoutMs);
      const onData = (chunk) => {
        this.output += chunk;
        const match = /chat-server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(this.output);
        if (match) {
          clearTimeout(timer);
          this.port = Number(match[1]);
          resolve(this.port);
        }
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', (chunk) => { this.output += chunk; });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`chat-server exited (${code ?? signal}):\n${this.output}`));
      });
    });
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    }
  }
}

function streamsAreHeld(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/rooms/pushpin-ready/events/',
      timeout: 2000 }, (response) => {
      let received = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        received += chunk;
        if (received.includes('stream-open')) {
          request.destroy();
          resolve(response.statusCode === 200);
        }
      });
      response.on('end', () => resolve(false));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
    request.on('close', () => resolve(false));
  });
}

function httpStatus(port, urlPath) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

// A private Pushpin, configured from the project's template, in front of an origin port.
export class Pushpin {
  constructor() {
    this.dir = tempDir('chat-web-pushpin-');
    this.key = crypto.randomBytes(24).toString('hex');
    this.child = null;
  }

  async choosePorts() {
    this.httpPort = await freePort();
    do this.publishPort = await freePort(); while (this.publishPort === this.httpPort);
  }

  get gripUrl() {
    return `http://127.0.0.1:${this.publishPort}/?verify-iss=pushpin&verify-key=${this.key}`;
  }

  get url() {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async start(originPort, timeoutMs = 60000) {
    const config = fs.readFileSync(pushpinTemplate, 'utf8')
      .replaceAll('@DIR@', this.dir)
      .replaceAll('@HTTP_PORT@', String(this.httpPort))
      .replaceAll('@PUBLISH_PORT@', String(this.publishPort))
      .replaceAll('@SIG_KEY@', this.key)
      .replaceAll('@MESSAGE_RATE@', '10000');
    const configFile = path.join(this.dir, 'pushpin.conf');
    fs.writeFileSync(configFile, config);
    fs.writeFileSync(path.join(this.dir, 'routes'), `* 127.0.0.1:${originPort}\n`);
    this.child = spawn('pushpin', ['--config', configFile],
      { cwd: this.dir, detached: true, stdio: 'ignore' });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error('pushpin exited at start');
      // Poll a process we do not control: there is nothing to wait on but its answers.
      if (await httpStatus(this.httpPort, '/healthz') === 200
          && await httpStatus(this.publishPort, '/') === 200
          && await streamsAreHeld(this.httpPort)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('pushpin did not become ready');
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const group = -child.pid;
    try { process.kill(group, 'SIGTERM'); } catch { /* already gone */ }
    if (!(await waitForExit(child, 10000))) {
      try { process.kill(group, 'SIGKILL'); } catch { /* already gone */ }
      await waitForExit(child, 5000);
    }
    try { process.kill(group, 'SIGKILL'); } catch { /* nothing left behind */ }
  }
}

// Plain HTTP calls to the API, for setting up and checking what the pages show.
export async function postMessage(baseUrl, room, from, text) {
  const response = await fetch(`${baseUrl}/rooms/${encodeURIComponent(room)}/messages/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ from, text }).toString(),
  });
  if (!response.ok) throw new Error(`POST failed: ${response.status} ${await response.text()}`);
  return response.json();
}

export function chatUrl(baseUrl, room, nick) {
  return `${baseUrl}/${encodeURIComponent(room)}?user=${encodeURIComponent(nick)}`;
}

export function saveArtifact(name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

// The first line of a chunk that starts an HTTP request ("POST /rooms/x/messages/ HTTP/1.1"),
// else null. The browser does not pipeline, so a request head starts a chunk of its own.
function requestLine(chunk) {
  const text = chunk.toString('latin1');
  return /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/.test(text) ? text.slice(0, text.indexOf('\r\n')) : null;
}

function headerOf(chunk, name) {
  const head = chunk.toString('latin1').split('\r\n\r\n')[0];
  const match = new RegExp(`^${name}:[ \\t]*(.*?)[ \\t]*$`, 'im').exec(head);
  return match ? match[1] : null;
}

// A TCP relay between the browser and a server (origin or Pushpin) that can lose one answer, as
// a network that fails after the request went out: loseNextAnswer(pattern) forwards the next
// request whose request line matches, then drops the server's answer and closes the browser's
// connection the moment that answer starts. Until the page sends a request with the same
// Idempotency-Key again, it holds back what event streams send to the page (and delivers it
// afterwards), so the page cannot learn from its stream that the request went through: it has
// to retry by itself. Every request matching `watch` is kept in `requests` with its answer.
//
// Chromium sends a request again by itself when a reused keep-alive connection closes before
// any answer (it cannot tell that from a server closing an idle connection), which would hide
// the loss from the page. So the relay adds `Connection: close` to every answer it passes on:
// the browser uses each connection once, and a lost answer reaches the page as the network
// error it is.
export class LossyRelay {
  constructor(targetPort, { watch = /^POST \/rooms\/[^/ ]+\/messages\/ / } = {}) {
    this.targetPort = targetPort;
    this.watch = watch;
    this.requests = []; // { line, key, status, replayed, lost }
    this.losing = null;
    this.holding = false; // event streams wait until the lost request is sent again
    this.lostKey = null;
    this.connections = new Set();
    this.server = net.createServer((client) => this.relay(client));
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  start() {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  loseNextAnswer(pattern = this.watch) {
    this.losing = pattern;
  }

  release() {
    this.holding = false;
    for (const connection of this.connections) {
      for (const chunk of connection.held.splice(0)) connection.client.write(chunk);
    }
  }

  // A request from the browser: note it, and decide what happens to its answer.
  sawRequest(connection, chunk) {
    const line = requestLine(chunk);
    if (!line) return; // the body of the request before
    connection.stream = /^GET \/rooms\/[^ ]*\/events\//.test(line);
    connection.watched = null;
    if (!this.watch.test(line)) return;
    const record = { line, key: headerOf(chunk, 'Idempotency-Key'), status: null, replayed: false,
      lost: false };
    this.requests.push(record);
    connection.watched = record;
    if (this.losing?.test(line)) {
      this.losing = null;
      record.lost = true;
      connection.losing = true;
      this.holding = true;
      this.lostKey = record.key;
    } else if (this.holding && record.key === this.lostKey) { // without keys: the next one
      this.release();
    }
  }

  // The first chunk of an answer starts with its status line; the header goes right after it.
  static closing(chunk) {
    const end = chunk.indexOf('\r\n');
    if (end < 0 || !chunk.subarray(0, 5).equals(Buffer.from('HTTP/'))) return chunk;
    return Buffer.concat([chunk.subarray(0, end + 2), Buffer.from('Connection: close\r\n'),
      chunk.subarray(end + 2)]);
  }

  sawAnswer(connection, chunk) {
    const record = connection.watched;
    if (!record || record.status !== null) return;
    record.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0);
    record.replayed = headerOf(chunk, 'Idempotent-Replayed') === 'true';
  }

  relay(client) {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const connection = { client, upstream, held: [], stream: false, watched: null, losing: false,
      answered: false };
    this.connections.add(connection);
    client.on('data', (chunk) => {
      this.sawRequest(connection, chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (data) => {
      this.sawAnswer(connection, data);
      const chunk = connection.answered ? data : LossyRelay.closing(data);
      connection.answered = true;
      if (connection.losing) {
        client.destroy();
        upstream.destroy();
      } else if (connection.stream && this.holding) {
        connection.held.push(chunk);
      } else {
        client.write(chunk);
      }
    });
    const close = () => {
      this.connections.delete(connection);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  }

  stop() {
    for (const connection of this.connections) {
      connection.client.destroy();
      connection.upstream.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
