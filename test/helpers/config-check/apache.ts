import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigTool } from './tool.js';

const MODULE_DIR = '/usr/lib/apache2/modules';
/** The modules a proxy configuration uses; mod_ssl for SSLProxy*, mod_headers for Header. */
const MODULES = [
  'mpm_event', 'authz_core', 'unixd', 'mime', 'dir', 'alias', 'rewrite', 'headers', 'setenvif', 'remoteip', 'reqtimeout', 'socache_shmcb', 'ssl',
  'proxy', 'proxy_http', 'proxy_fcgi', 'proxy_ajp', 'proxy_wstunnel', 'proxy_uwsgi', 'proxy_http2', 'slotmem_shm', 'proxy_balancer', 'lbmethod_byrequests',
];
const PORT = '127.0.0.1:18992';

const config = (dir: string, body: string) =>
  [
    `ServerRoot "${dir}"`,
    'ServerName localhost',
    `Listen ${PORT}`,
    `PidFile ${join(dir, 'httpd.pid')}`,
    `ErrorLog ${join(dir, 'error.log')}`,
    ...MODULES.filter((m) => existsSync(join(MODULE_DIR, `mod_${m}.so`))).map((m) => `LoadModule ${m}_module ${join(MODULE_DIR, `mod_${m}.so`)}`),
    body,
    '',
  ].join('\n');

/** Apache httpd: `apache2 -t` (what `apachectl -t` runs) on a minimal configuration holding the snippet. */
export const APACHE: ConfigTool = {
  name: 'apache',
  fileName: 'httpd.conf',
  unknownEverywhere: true,
  contexts: [
    { name: 'server config', wrap: (s, dir) => config(dir, s) },
    { name: 'virtual host', wrap: (s, dir) => config(dir, `<VirtualHost ${PORT}>\n${s}\n</VirtualHost>`) },
    { name: 'location', wrap: (s, dir) => config(dir, `<Location "/">\n${s}\n</Location>`) },
    { name: 'directory', wrap: (s, dir) => config(dir, `<Directory "${dir}">\n${s}\n</Directory>`) },
    { name: 'proxy', wrap: (s, dir) => config(dir, `<Proxy "*">\n${s}\n</Proxy>`) },
  ],
  normalise: (snippet) => snippet.trim(),
  command: (file) => ['apache2', ['-t', '-f', file]],
  classify: (output) => {
    if (/Invalid command '/.test(output)) return 'unknown';
    if (/not allowed here|cannot occur within|not allowed in|can not have a path when defined in a location/i.test(output)) return 'misplaced';
    return 'invalid';
  },
};
