import { existsSync } from 'node:fs';
import { z } from 'zod';
import { invalidProxyEntries } from '../channels/web/trusted-proxies.js';
import { DEFAULT_CONNECTION_LIMITS } from '../channels/web/connection-limits.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const url = z.url({ protocol: /^https?$/ });

/** Every setting updoc reads from the environment (and .env), validated once at start. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  STORE_URL: z
    .string()
    .regex(/^(?:sqlite:.+|memory:|redis:\/\/.+|rediss:\/\/.+)$/, 'must be sqlite:PATH, memory: or redis://HOST:PORT')
    .default('sqlite:.updoc/sessions.sqlite'),
  SESSION_TTL_MINUTES: z.coerce.number().positive().default(24 * 60),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  PROBE_ALLOW_PRIVATE: bool.default(false),
  PROBE_ALLOWED_PORTS: z
    .string()
    .regex(/^\s*\d{1,5}(?:\s*,\s*\d{1,5})*\s*$/, 'must be a comma-separated list of ports, e.g. 80,443,8080,8443')
    .transform((v) => v.split(',').map((port) => Number(port.trim())))
    .refine((ports) => ports.every((port) => port >= 1 && port <= 65_535), 'ports run from 1 to 65535')
    .optional(),
  WIDGET_ORIGINS: z
    .string()
    .default('*')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), 'must be * or a comma-separated list of origins like https://help.example.com'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_CONNECTION_LIMITS.perClient),
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((entries) => invalidProxyEntries(entries).length === 0, 'must be a comma-separated list of proxy addresses or ranges, e.g. 127.0.0.1,10.0.0.0/8 (or loopback, uniquelocal)'),
  OPS_PORT: z
    .string()
    .regex(/^(?:[\w.:[\]-]+:)?\d{1,5}$/, 'must be a port (listening on 127.0.0.1) or HOST:PORT, e.g. 9100 or 10.0.0.5:9100')
    .transform((v) => {
      const at = v.lastIndexOf(':');
      return at === -1 ? { host: '127.0.0.1', port: Number(v) } : { host: v.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(v.slice(at + 1)) };
    })
    .refine(({ port }) => port >= 1 && port <= 65_535, 'the port runs from 1 to 65535')
    .optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  MAX_STORED_TURNS: z.coerce.number().int().min(1_000).max(1_000_000_000).default(1_000_000),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional(),
  SLACK_API_URL: url.optional(),
  DISCORD_TOKEN: z.string().min(20).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'must be the numeric application id').optional(),
  DISCORD_API_URL: url.optional(),
  HANDOFF_WEBHOOK_URL: url.optional(),
  HANDOFF_SLACK_CHANNEL: z.string().regex(/^[#@]?[\w.-]{1,80}$/, 'must be a Slack channel id like C0123ABCD or a name like #support').optional(),
  SUPPORT_CONTACT: z
    .string()
    .trim()
    .max(200)
    .refine((v) => z.email().safeParse(v).success || url.safeParse(v).success, 'must be an email address or an http(s) URL, e.g. support@example.com or https://example.com/contact')
    .optional(),
}).superRefine((env, context) => {
  if (env.HANDOFF_SLACK_CHANNEL && !env.SLACK_BOT_TOKEN) {
    context.addIssue({ code: 'custom', path: ['HANDOFF_SLACK_CHANNEL'], message: 'needs SLACK_BOT_TOKEN to post' });
  }
});

export type Config = z.infer<typeof Environment>;

export class ConfigError extends Error {}

/** Reads .env (when present) and the environment; names every bad variable in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = Environment.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
