import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { withoutHostNames, type ConfigTool } from './tool.js';

/** Files an nginx snippet may `include`, as Debian's nginx package ships them. */
const INCLUDABLE = ['fastcgi_params', 'fastcgi.conf', 'uwsgi_params', 'scgi_params', 'proxy_params', 'mime.types', 'snippets'];
const LISTEN = 'listen 127.0.0.1:18990;';

const main = (dir: string, http: string, before = '') =>
  `${before}\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\nevents {}\nhttp {\n  access_log off;\n${http}\n}\n`;

/** nginx: `nginx -t` on a minimal configuration holding the snippet in a location, server, http, upstream or main block. */
export const NGINX: ConfigTool = {
  name: 'nginx',
  fileName: 'nginx.conf',
  unknownEverywhere: true,
  prepare: (dir) => {
    for (const name of INCLUDABLE) if (existsSync(`/etc/nginx/${name}`)) symlinkSync(`/etc/nginx/${name}`, join(dir, name));
  },
  contexts: [
    { name: 'location', wrap: (s, dir) => main(dir, `server {\n  ${LISTEN}\n  location / {\n    ${s}\n  }\n}`) },
    { name: 'server', wrap: (s, dir) => main(dir, `server {\n  ${LISTEN}\n  ${s}\n}`) },
    { name: 'http', wrap: (s, dir) => main(dir, `${s}\nserver {\n  ${LISTEN}\n}`) },
    { name: 'upstream', wrap: (s, dir) => main(dir, `upstream app {\n  server 127.0.0.1:18991;\n  ${s}\n}\nserver {\n  ${LISTEN}\n  location / { proxy_pass http://app; }\n}`) },
    { name: 'main', wrap: (s, dir) => main(dir, `server {\n  ${LISTEN}\n}`, s) },
  ],
  normalise: (snippet) => {
    const text = withoutHostNames(snippet.trim());
    return /[;}]$/.test(text) ? text : `${text};`;
  },
  command: (file, dir) => ['nginx', ['-t', '-q', '-p', `${dir}/`, '-c', file]],
  classify: (output) => {
    // A block directive named without its block ("upstream sent too big header") is prose.
    if (/unknown directive "|has no opening "\{"/.test(output)) return 'unknown';
    if (/directive is not allowed here/.test(output)) return 'misplaced';
    return 'invalid';
  },
};
