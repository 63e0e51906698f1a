// Preloaded by `npm test`: installs the loader hook that stands in for Fastly's runtime modules.
import { register } from 'node:module';

register('./fastly-loader.mjs', import.meta.url);
