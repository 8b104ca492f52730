import { withoutHostNames, type ConfigTool, type ToolContext } from './tool.js';

const SECTIONS = ['global', 'defaults', 'frontend', 'backend'] as const;
type Section = (typeof SECTIONS)[number];

const config = (section: Section, snippet: string) => {
  const at = (here: Section) => (here === section ? `  ${snippet}\n` : '');
  return [
    `global\n${at('global')}`,
    `defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n${at('defaults')}`,
    `frontend fe\n  bind 127.0.0.1:18993\n  default_backend be\n${at('frontend')}`,
    `backend be\n  server s1 127.0.0.1:18994\n${at('backend')}`,
  ].join('\n');
};

/** HAProxy: `haproxy -c` on a minimal configuration holding the snippet in a global, defaults, frontend or backend section. */
export const HAPROXY: ConfigTool = {
  name: 'haproxy',
  fileName: 'haproxy.cfg',
  unknownEverywhere: false,
  contexts: SECTIONS.map((section): ToolContext => ({ name: section, wrap: (s) => config(section, s) })),
  normalise: (snippet) => withoutHostNames(snippet.trim()),
  command: (file) => ['haproxy', ['-c', '-f', file]],
  // HAProxy accepts some misplaced keywords with a warning that it ignores them.
  accepts: (code, output) => code === 0 && !/\bignored\b/.test(output),
  classify: (output) => {
    // Words HAProxy cannot even split into a keyword line (quotes, "$(...)") are not HAProxy's.
    if (/unknown keyword '[^']*' in '[^']*' section|unmatched quote|environment variable name|negation\/default currently supported only/.test(output)) return 'unknown';
    if (/\bignored\b/.test(output)) return 'misplaced';
    if (/not allowed in '[^']*' section|only supported in|cannot be used in/i.test(output)) return 'misplaced';
    return 'invalid';
  },
};
