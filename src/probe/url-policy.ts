import { isIP } from 'node:net';
import type { ProbePolicy } from './policy.js';
import type { BlockReason } from './types.js';

/** A URL the policy accepts, with what connecting needs. */
export interface ProbeTarget {
  url: URL;
  /** Host name or IP address, without IPv6 brackets. */
  host: string;
  port: number;
  secure: boolean;
  isAddress: boolean;
  /**
   * The port is outside the allow-list, which only loopback and private addresses may pass when
   * they are allowed (local testing reaches any port of them, never of a public address).
   */
  privatePortOnly?: true;
}

export type UrlVerdict = { ok: true; target: ProbeTarget } | { ok: false; verdict: 'blocked'; reason: BlockReason; message: string };
export type InputVerdict = UrlVerdict | { ok: false; verdict: 'invalid_url'; message: string };

const WITH_AUTHORITY = /^[a-z][a-z\d+.-]*:\/\//i;
/** "mailto:x", "javascript:…", "data:…" have a scheme; "localhost:8080" and "example.com:443/x" do not. */
const WITHOUT_AUTHORITY = /^[a-z][a-z\d+.-]*:(?!\d)/i;

/** People type "example.com/shop": a URL without a scheme is taken as https. */
function withScheme(input: string): string {
  return WITH_AUTHORITY.test(input) || WITHOUT_AUTHORITY.test(input) ? input : `https://${input}`;
}

/**
 * Checks a URL against the policy. Text the WHATWG parser rejects is `invalid_url`; a parseable URL
 * the policy refuses (another scheme such as file: or gopher:, a user name or password, a port
 * outside the allow-list) is `blocked`. The parser also normalises odd IPv4 spellings (2130706433,
 * 0x7f.1, 0177.0.0.1, 127.1 all become 127.0.0.1), so the address policy sees the real address.
 */
export function checkUrl(url: URL, policy: Pick<ProbePolicy, 'allowedPorts' | 'allowPrivate'>): UrlVerdict {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, verdict: 'blocked', reason: 'scheme', message: `only http and https URLs are probed, not ${url.protocol}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, verdict: 'blocked', reason: 'userinfo', message: 'URLs with a user name or password are not probed' };
  }
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const portAllowed = policy.allowedPorts.includes(port);
  if (!portAllowed && !policy.allowPrivate) {
    return { ok: false, verdict: 'blocked', reason: 'port', message: portRefusal(port, policy.allowedPorts) };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { ok: true, target: { url, host, port, secure, isAddress: isIP(host) !== 0, ...(portAllowed ? {} : { privatePortOnly: true as const }) } };
}

export function portRefusal(port: number, allowedPorts: readonly number[]): string {
  return `port ${port} is not probed (allowed: ${allowedPorts.join(', ')})`;
}

/** Parses what a person typed and checks it. */
export function checkInput(input: string, policy: Pick<ProbePolicy, 'allowedPorts' | 'allowPrivate'>): InputVerdict {
  const text = input.trim();
  if (text === '') return { ok: false, verdict: 'invalid_url', message: 'no URL was given' };
  let url: URL;
  try {
    url = new URL(withScheme(text));
  } catch {
    return { ok: false, verdict: 'invalid_url', message: `"${text}" is not a valid URL` };
  }
  return checkUrl(url, policy);
}
