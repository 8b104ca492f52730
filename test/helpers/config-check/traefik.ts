import { parse } from 'yaml';
import { z } from 'zod';

// Traefik has no Debian package, so its snippets are checked for structure: the dynamic
// configuration (file provider) and Docker labels, as https://doc.traefik.io/traefik/routing/
// documents them. Unknown keys are errors, so a misspelled option cannot pass.

const duration = z.string().regex(/^\d+(?:ms|s|m|h)$/, 'a duration such as 30s');
const names = z.array(z.string().min(1)).min(1);

const ServersTransport = z.object({
  serverName: z.string().optional(),
  insecureSkipVerify: z.boolean().optional(),
  rootCAs: names.optional(),
  certificates: z.array(z.object({ certFile: z.string(), keyFile: z.string() }).strict()).optional(),
  maxIdleConnsPerHost: z.number().int().optional(),
  disableHTTP2: z.boolean().optional(),
  peerCertURI: z.string().optional(),
  forwardingTimeouts: z.object({ dialTimeout: duration, responseHeaderTimeout: duration, idleConnTimeout: duration, readIdleTimeout: duration, pingTimeout: duration }).partial().strict().optional(),
}).strict();

const LoadBalancer = z.object({
  servers: z.array(z.object({ url: z.string().regex(/^(?:https?|h2c):\/\/\S+$/, 'a server URL with scheme') }).strict()).min(1),
  serversTransport: z.string().optional(),
  passHostHeader: z.boolean().optional(),
  healthCheck: z.object({ path: z.string(), interval: duration, timeout: duration, scheme: z.string(), port: z.number().int() }).partial().strict().optional(),
}).strict();

const Router = z.object({
  rule: z.string().min(1),
  service: z.string().min(1),
  entryPoints: names.optional(),
  middlewares: names.optional(),
  priority: z.number().int().optional(),
  tls: z.object({ certResolver: z.string(), options: z.string() }).partial().strict().optional(),
}).strict();

const DynamicConfiguration = z.object({
  http: z.object({
    routers: z.record(z.string(), Router).optional(),
    services: z.record(z.string(), z.object({ loadBalancer: LoadBalancer }).strict()).optional(),
    serversTransports: z.record(z.string(), ServersTransport).optional(),
  }).strict(),
}).strict();

/** Problems with a YAML block of Traefik's dynamic configuration; empty when it is sound. */
export function traefikYamlProblems(text: string): string[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return [`not YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  const result = DynamicConfiguration.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const NAME = '[A-Za-z0-9_-]+';
/** Docker label keys with the values each takes. */
const LABELS: [RegExp, RegExp][] = [
  [/^traefik\.enable$/, /^(?:true|false)$/],
  [/^traefik\.docker\.network$/, /^[\w.-]+$/],
  [new RegExp(`^traefik\\.http\\.routers\\.${NAME}\\.(?:rule)$`), /^.+$/],
  [new RegExp(`^traefik\\.http\\.routers\\.${NAME}\\.(?:entrypoints|middlewares|service)$`), /^[\w@.,-]+$/],
  [new RegExp(`^traefik\\.http\\.routers\\.${NAME}\\.tls(?:\\.certresolver)?$`), /^[\w-]+$/],
  [new RegExp(`^traefik\\.http\\.services\\.${NAME}\\.loadbalancer\\.server\\.port$`), /^(?:[1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d\d|655[0-2]\d|6553[0-5])$/],
  [new RegExp(`^traefik\\.http\\.services\\.${NAME}\\.loadbalancer\\.server\\.scheme$`), /^(?:http|https|h2c)$/],
  [new RegExp(`^traefik\\.http\\.services\\.${NAME}\\.loadbalancer\\.serverstransport$`), /^[\w-]+(?:@\w+)?$/],
  [new RegExp(`^traefik\\.http\\.services\\.${NAME}\\.loadbalancer\\.passhostheader$`), /^(?:true|false)$/],
];

/** Problems with a Docker label (`key=value`, or a bare key named in prose); empty when it is sound. */
export function traefikLabelProblems(label: string): string[] {
  const [key = '', ...rest] = label.trim().split('=');
  const value = rest.length ? rest.join('=') : undefined;
  const rule = LABELS.find(([pattern]) => pattern.test(key));
  if (!rule) return [`"${key}" is not a Traefik label this check knows`];
  if (value !== undefined && !rule[1].test(value)) return [`"${value}" is not a valid value for ${key}`];
  return [];
}
