import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { adaptCaddyfile, BALANCER_CONTAINERFILE, CADDYFILE, CONTAINERFILE, readCompose, reverseProxyOf } from './deployment-files.js';

const compose = readCompose();
const REPLICAS = ['updoc-1', 'updoc-2'];

/** The port `updoc serve` listens on inside the image (its EXPOSE). */
function exposedPort(): string {
  const port = /^EXPOSE\s+(\d+)\s*$/m.exec(readFileSync(CONTAINERFILE, 'utf8'))?.[1];
  if (!port) throw new Error('the Containerfile exposes no port');
  return port;
}

describe('compose.yaml', () => {
  it('runs two updoc replicas, one Redis and one load balancer', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['balancer', 'redis', ...REPLICAS].sort());
  });

  it.each(REPLICAS)('%s: built from the Containerfile, on the shared Redis, tokens from .env, published only through the balancer', (name) => {
    const replica = compose.services[name]!;
    expect(replica.build?.dockerfile).toBe('Containerfile');
    expect(existsSync(join(ROOT, replica.build!.context, replica.build!.dockerfile))).toBe(true);
    expect(replica.command).toEqual(['serve']);
    expect(replica.environment?.STORE_URL).toBe('redis://redis:6379');
    expect(replica.environment?.TRUST_PROXY).toBe('uniquelocal');
    expect(replica.environment?.OPS_PORT).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(replica.env_file).toEqual([{ path: '.env', required: false }]);
    expect(replica.depends_on?.redis?.condition).toBe('service_healthy');
    expect(replica.ports).toBeUndefined();
  });

  it('gives every service a health check; the replicas\' is the script the image ships, asking /readyz', () => {
    expect(compose.services.redis!.healthcheck?.test).toBeDefined();
    expect(readFileSync(BALANCER_CONTAINERFILE, 'utf8')).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(readFileSync(CONTAINERFILE, 'utf8')).toContain('COPY container/healthcheck.mjs /app/container/');
    for (const name of REPLICAS) {
      expect(compose.services[name]!.healthcheck!.test).toEqual(['CMD', 'node', '/app/container/healthcheck.mjs', '/readyz']);
    }
  });

  it('keeps Redis in an append-only file on a named volume', () => {
    const redis = compose.services.redis!;
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    const [volume, target] = redis.volumes![0]!.split(':');
    expect(target).toBe('/data');
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('publishes one port, on the balancer, which waits for both replicas to be healthy', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published).toEqual(compose.services.balancer!.ports);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatch(/:8080$/);
    const balancer = compose.services.balancer!;
    expect(join(ROOT, balancer.build!.context, balancer.build!.dockerfile)).toBe(BALANCER_CONTAINERFILE);
    expect(balancer.volumes).toEqual(['./container/Caddyfile:/etc/caddy/Caddyfile:ro']);
    for (const name of REPLICAS) expect(compose.services.balancer!.depends_on?.[name]?.condition).toBe('service_healthy');
  });
});

describe('the load balancer configuration (container/Caddyfile, read by Caddy itself)', () => {
  const server = adaptCaddyfile(CADDYFILE);

  it('listens on the port the balancer publishes and sends requests to both replicas, checking /readyz', () => {
    expect(server.listen).toEqual([':8080']);
    const { upstreams, healthUri } = reverseProxyOf(server);
    expect(upstreams).toEqual(REPLICAS.map((name) => `${name}:${exposedPort()}`));
    expect(healthUri).toBe('/readyz');
  });

  it('keeps /metrics off the public port', () => {
    const metrics = server.routes.find((route) => route.match?.some((m) => m.path?.includes('/metrics')));
    expect(metrics?.handle).toEqual([expect.objectContaining({ handler: 'static_response', status_code: 404 })]);
  });
});
