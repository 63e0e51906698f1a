// Checks that the tree keeps the shape README.md's architecture section describes:
// - every #include "<folder>/<file>.h" of the sources points along the dependency direction
//   (LAYERS below: each folder may include only its own files and those of the folders listed);
// - the page's pure modules (no DOM) import only other pure modules and never touch the DOM;
// - no source folder holds more than ten .cpp files, no C++ file is over 400 lines and no
//   web/js module over 250, unless its first lines say why ("longer than ... because").
// Run by CTest as `layout` (label style): node tests/style/layout.mjs <project root>.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../..'));

// Folder -> the folders its files may include (a folder also allows its subfolders' names).
const LAYERS = {
  'shared/model': [],
  'shared/text': ['shared/model'],
  'shared/retry': ['shared/model', 'shared/text'],
  'shared/sse': ['shared/model', 'shared/text'],
  'shared/grip': ['shared/model', 'shared/text', 'shared/sse'],
  'server/metrics': [],
  'server/http': ['shared'],
  'server/store/engine': ['shared'],
  'server/store': ['server/store/engine', 'shared'],
  'server/streams': ['server/http', 'shared'],
  'server/grip': ['server/http', 'shared'],
  'server/api/request': ['server/store', 'server/http', 'shared'],
  'server/api/delivery': ['server/grip', 'server/streams', 'server/store', 'shared'],
  'server/api/messages': ['server/api/delivery', 'server/api/request', 'server/store', 'server/http',
    'server/metrics', 'shared'],
  'server/api/events': ['server/api/delivery', 'server/api/request', 'server/grip',
    'server/streams', 'server/store', 'server/http', 'shared'],
  'server/api/rooms': ['server/api/delivery', 'server/api/request', 'server/store', 'server/http',
    'shared'],
  'server/api/admin': ['server/api/delivery', 'server/api/request', 'server/store', 'server/http',
    'shared'],
  'server/api/metrics': ['server/api/messages', 'server/api/events', 'server/api/request',
    'server/grip', 'server/streams', 'server/store', 'server/http', 'server/metrics', 'shared'],
  'server/api': ['server/api/messages', 'server/api/events', 'server/api/rooms', 'server/api/admin',
    'server/api/metrics', 'server/metrics',
    'server/api/delivery', 'server/api/request', 'server/grip', 'server/streams', 'server/store',
    'server/http', 'shared'],
  'server/app': ['server/api', 'server/grip', 'server/streams', 'server/store', 'server/http',
    'shared'],
  'server/admincli': ['shared'],
  'server': ['server/app', 'shared'],
  'desktop-client/lib/api': ['shared'],
  'desktop-client/lib/models': ['shared'],
  'desktop-client/lib': ['desktop-client/lib/api', 'desktop-client/lib/models', 'shared'],
  'desktop-client/ui': ['desktop-client/lib', 'shared'],
  'desktop-client': ['desktop-client/ui', 'desktop-client/lib', 'shared'],
};
const PURE_WEB_MODULES = ['api.js', 'backoff.js', 'grouping.js', 'links.js', 'presence.js',
  'roomstream.js', 'typing.js', 'urls.js', 'validation.js'];
const MAX_CPP_PER_FOLDER = 10;
const MAX_CPP_LINES = 400;
const MAX_JS_LINES = 250;

const problems = [];

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const relative = (file) => path.relative(root, file).split(path.sep).join('/');
const under = (folder, prefix) => folder === prefix || folder.startsWith(prefix + '/');

function explainsItsLength(text) {
  return /longer than \d+ lines because/i.test(text.split('\n').slice(0, 12).join('\n'));
}

// C++: include directions, folder sizes, file lengths.
const cppFiles = ['shared', 'server', 'desktop-client', 'tests', 'tools']
  .flatMap((top) => walk(path.join(root, top)))
  .filter((file) => /\.(cpp|h)$/.test(file));
const cppPerFolder = new Map();
for (const file of cppFiles) {
  const name = relative(file);
  const folder = path.posix.dirname(name);
  const text = fs.readFileSync(file, 'utf8');
  if (name.endsWith('.cpp')) cppPerFolder.set(folder, (cppPerFolder.get(folder) ?? 0) + 1);
  if (text.split('\n').length > MAX_CPP_LINES && !explainsItsLength(text)) {
    problems.push(`${name}: over ${MAX_CPP_LINES} lines without saying why at its top`);
  }
  const allowed = LAYERS[folder];
  if (!allowed) continue; // tests and tools may include what they test
  for (const match of text.matchAll(/^#include "([^"]+)"/gm)) {
    const target = match[1];
    if (!target.includes('/')) continue; // generated files (moc)
    const targetFolder = path.posix.dirname(target);
    if (targetFolder === folder || allowed.some((prefix) => under(targetFolder, prefix))) continue;
    problems.push(`${name}: includes ${target}, but ${folder}/ may include only ${allowed.join(', ') || 'its own files'}`);
  }
}
for (const [folder, count] of cppPerFolder) {
  if (count > MAX_CPP_PER_FOLDER) {
    problems.push(`${folder}/: ${count} .cpp files (at most ${MAX_CPP_PER_FOLDER}: split it by concern)`);
  }
}

// The page: pure modules stay pure; modules stay small.
const webDir = path.join(root, 'web/js');
for (const file of walk(webDir).filter((f) => f.endsWith('.js'))) {
  const name = path.basename(file);
  const text = fs.readFileSync(file, 'utf8');
  if (text.split('\n').length > MAX_JS_LINES && !explainsItsLength(text)) {
    problems.push(`web/js/${name}: over ${MAX_JS_LINES} lines without saying why at its top`);
  }
  if (!PURE_WEB_MODULES.includes(name)) continue;
  for (const match of text.matchAll(/^import .* from '\.\/([^']+)';$/gm)) {
    if (!PURE_WEB_MODULES.includes(match[1])) {
      problems.push(`web/js/${name}: a pure module imports ${match[1]}, which is not one`);
    }
  }
  const code = text.replace(/\/\/.*$/gm, '');
  for (const global of ['document', 'window', 'jQuery', 'localStorage', 'navigator']) {
    if (new RegExp(`\\b${global}\\b`).test(code)) {
      problems.push(`web/js/${name}: a pure module uses ${global} (inject it instead)`);
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`layout: ${cppFiles.length} C++ files and the page's modules follow the layers`);
