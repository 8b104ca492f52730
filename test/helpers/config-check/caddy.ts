import type { ConfigTool } from './tool.js';

const SITE = ':18995';
const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`).join('\n');

/** Caddy: `caddy adapt` of a Caddyfile holding the snippet in a site block, a reverse_proxy block, its transport, or the global options. */
export const CADDY: ConfigTool = {
  name: 'caddy',
  fileName: 'Caddyfile',
  unknownEverywhere: false,
  contexts: [
    { name: 'site', wrap: (s) => `${SITE} {\n${indent(s, '\t')}\n}\n` },
    { name: 'reverse_proxy', wrap: (s) => `${SITE} {\n\treverse_proxy 127.0.0.1:18996 {\n${indent(s, '\t\t')}\n\t}\n}\n` },
    { name: 'transport http', wrap: (s) => `${SITE} {\n\treverse_proxy 127.0.0.1:18996 {\n\t\ttransport http {\n${indent(s, '\t\t\t')}\n\t\t}\n\t}\n}\n` },
    { name: 'global options', wrap: (s) => `{\n${indent(s, '\t')}\n}\n${SITE} {\n\trespond "ok"\n}\n` },
  ],
  normalise: (snippet) => snippet.trim(),
  command: (file) => ['caddy', ['adapt', '--config', file, '--adapter', 'caddyfile']],
  classify: (output) => {
    if (/unrecognized directive|unrecognized subdirective|unrecognized global option|unknown global option|unrecognized option/i.test(output)) return 'unknown';
    if (/not allowed|must be in|cannot be used|only allowed/i.test(output)) return 'misplaced';
    return 'invalid';
  },
};
