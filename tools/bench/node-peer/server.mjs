// A plain Node.js origin for script/bench to compare with: node:http, better-sqlite3 (WAL,
// synchronous=NORMAL, prepared statements), JSON.stringify, and an in-memory subscriber list.
// It speaks the part of chat-server's API the bench uses, with the same shapes:
//   GET  /rooms/{room}/messages/  {"messages": [newest 50 first], "last-event-id": "room-{room}:{n}"}
//                                 (?limit=1..200, ?before={id})
//   POST /rooms/{room}/messages/  form fields from, text: the stored message
//   GET  /rooms/{room}/events/    SSE: a 2 KiB padding comment, stream-open, then message events
//                                 (no replay: a naive server)
// No rate limits, moderation, presence or validation beyond what the bench needs.
// Usage: node server.mjs --database FILE [--port 0] [--bind 127.0.0.1]; prints
// "node-peer listening on http://127.0.0.1:<port>/" once it accepts connections.
import http from 'node:http';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: options } = parseArgs({
  options: {
    database: { type: 'string' },
    port: { type: 'string', default: '0' },
    bind: { type: 'string', default: '127.0.0.1' },
  },
});
if (!options.database) {
  console.error('node-peer: --database FILE is needed');
  process.exit(2);
}

// The same tables and columns as chat-server's, so the bench seeds both the same way.
const db = new Database(options.database);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE IF NOT EXISTS rooms (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, last_event INTEGER NOT NULL,
    last_message_ms INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, room_id INTEGER NOT NULL REFERENCES rooms(id),
    event_number INTEGER NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL,
    created_ms INTEGER NOT NULL, UNIQUE (room_id, event_number));
  CREATE INDEX IF NOT EXISTS messages_by_room_id ON messages (room_id, id);
`);

const statements = {
  bumpRoom: db.prepare(
    `INSERT INTO rooms (name, last_event, last_message_ms) VALUES (?, 1, ?)
     ON CONFLICT (name) DO UPDATE SET last_event = last_event + 1,
       last_message_ms = excluded.last_message_ms
     RETURNING id, last_event`),
  insertMessage: db.prepare(
    'INSERT INTO messages (room_id, event_number, sender, text, created_ms) VALUES (?, ?, ?, ?, ?)'),
  currentEvent: db.prepare('SELECT last_event FROM rooms WHERE name = ?').pluck(),
  newest: db.prepare(
    `SELECT m.id, m.sender, m.text, m.created_ms FROM messages m JOIN rooms r ON r.id = m.room_id
     WHERE r.name = ? ORDER BY m.id DESC LIMIT ?`),
  before: db.prepare(
    `SELECT m.id, m.sender, m.text, m.created_ms FROM messages m JOIN rooms r ON r.id = m.room_id
     WHERE r.name = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
};

const store = db.transaction((room, from, text, nowMs) => {
  const { id: roomId, last_event: eventNumber } = statements.bumpRoom.get(room, nowMs);
  const { lastInsertRowid } = statements.insertMessage.run(roomId, eventNumber, from, text, nowMs);
  return { id: Number(lastInsertRowid), eventNumber };
});

// As chat-server writes dates: ISO-8601 UTC, milliseconds left out when they are zero.
const formatDate = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const messageObject = (row) => ({ id: row.id, from: row.sender, date: formatDate(row.created_ms), text: row.text });

const subscribers = new Map(); // room -> Set of responses
const PREAMBLE = ':' + ' '.repeat(2048) + '\n\nevent: stream-open\ndata: \n\n';

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
const fail = (res, status, error) => send(res, status, JSON.stringify({ error }) + '\n');

function history(res, room, query) {
  const limit = query.has('limit') ? Number(query.get('limit')) : 50;
  const before = query.has('before') ? Number(query.get('before')) : null;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return fail(res, 400, 'bad limit');
  if (before !== null && !(Number.isInteger(before) && before > 0)) return fail(res, 400, 'bad before');
  const current = statements.currentEvent.get(room) ?? 0;
  const rows = before === null ? statements.newest.all(room, limit) : statements.before.all(room, before, limit);
  const body = JSON.stringify({ messages: rows.map(messageObject), 'last-event-id': `room-${room}:${current}` });
  send(res, 200, body + '\n');
}

function post(req, res, room) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const from = form.get('from');
    const text = form.get('text');
    if (!from || !text) return fail(res, 400, 'from and text are needed');
    const nowMs = Date.now();
    const { id, eventNumber } = store(room, from, text, nowMs);
    const json = JSON.stringify({ id, from, date: formatDate(nowMs), text });
    send(res, 200, json + '\n');
    const listeners = subscribers.get(room);
    if (listeners) {
      const frame = `event: message\nid: room-${room}:${eventNumber}\ndata: ${json}\n\n`;
      for (const listener of listeners) listener.write(frame);
    }
  });
}

function events(req, res, room) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.write(PREAMBLE);
  if (!subscribers.has(room)) subscribers.set(room, new Set());
  const listeners = subscribers.get(room);
  listeners.add(res);
  const keepAlive = setInterval(() => res.write('event: keep-alive\ndata: \n\n'), 20000);
  req.socket.on('close', () => {
    clearInterval(keepAlive);
    listeners.delete(res);
    if (listeners.size === 0) subscribers.delete(room);
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const match = /^\/rooms\/([^/]+)\/(messages|events)\/?$/.exec(url.pathname);
  if (!match) return fail(res, 404, 'not found');
  let room;
  try {
    room = decodeURIComponent(match[1]);
  } catch {
    return fail(res, 400, 'bad room');
  }
  if (match[2] === 'messages' && req.method === 'GET') return history(res, room, url.searchParams);
  if (match[2] === 'messages' && req.method === 'POST') return post(req, res, room);
  if (match[2] === 'events' && req.method === 'GET') return events(req, res, room);
  return fail(res, 405, 'method not allowed');
});
server.listen({ port: Number(options.port), host: options.bind, backlog: 4096 }, () => {
  console.log(`node-peer listening on http://${options.bind}:${server.address().port}/`);
});
const stop = () => server.close(() => db.close());
process.on('SIGTERM', () => {
  stop();
  for (const listeners of subscribers.values()) for (const res of listeners) res.end();
  setTimeout(() => process.exit(0), 1000).unref();
});
process.on('SIGINT', () => process.exit(0));
