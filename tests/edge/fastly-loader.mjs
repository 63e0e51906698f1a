// Module loader hook: resolves `fastly:<name>` to tests/edge/mocks/<name>.mjs.
// Only Fastly's runtime modules are replaced; every other import is Node's own resolution,
// so the code under test is exactly the code in edge/src/.
const FASTLY_PREFIX = 'fastly:';

export async function resolve(specifier, context, nextResolve) {
  if (!specifier.startsWith(FASTLY_PREFIX)) {
    return nextResolve(specifier, context);
  }
  const name = specifier.slice(FASTLY_PREFIX.length);
  const url = new URL(`./mocks/${name}.mjs`, import.meta.url).href;
  return { url, shortCircuit: true };
}
