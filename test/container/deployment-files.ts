import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';

/** The deployment files operators use: compose.yaml, the load balancer's Caddyfile, the Containerfile. */
export const COMPOSE_FILE = join(ROOT, 'compose.yaml');
export const CADDYFILE = join(ROOT, 'container', 'Caddyfile');
export const CONTAINERFILE = join(ROOT, 'Containerfile');
export const BALANCER_CONTAINERFILE = join(ROOT, 'container', 'balancer.Containerfile');

/** Debian's Caddy: the program the compose file's balancer image runs (container/balancer.Containerfile). */
export const CADDY = '/usr/bin/caddy';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(): ComposeFile {
  return parse(readFileSync(COMPOSE_FILE, 'utf8')) as ComposeFile;
}

interface CaddyUpstream {
  dial: string;
}
interface CaddyRoute {
  match?: { path?: string[] }[];
  handle: { handler: string; upstreams?: CaddyUpstream[]; status_code?: number; health_checks?: { active?: { uri?: string } } }[];
}
export interface CaddyServer {
  listen: string[];
  routes: CaddyRoute[];
}

/** What Caddy itself makes of a Caddyfile (its own parser, `caddy adapt`): the one HTTP server. */
export function adaptCaddyfile(path: string): CaddyServer {
  const json = execFileSync(CADDY, ['adapt', '--config', path, '--adapter', 'caddyfile'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const servers = Object.values((JSON.parse(json) as { apps: { http: { servers: Record<string, CaddyServer> } } }).apps.http.servers);
  if (servers.length !== 1) throw new Error(`${path} defines ${servers.length} servers; one was expected`);
  return servers[0]!;
}

/** The reverse proxy handler of a server: its upstreams' addresses and its active health check. */
export function reverseProxyOf(server: CaddyServer) {
  const handler = server.routes.flatMap((route) => route.handle).find((h) => h.handler === 'reverse_proxy');
  if (!handler) throw new Error('the Caddyfile has no reverse_proxy');
  return { upstreams: (handler.upstreams ?? []).map((u) => u.dial), healthUri: handler.health_checks?.active?.uri };
}
