import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProbeMeaning, ProbeOutcome } from '../../src/core/knowledge/probe-phrases.js';
import type { ProbeFindings, ProbeStep, ProbeVerdict } from '../../src/core/ports.js';
import { probeOutcome, probeParagraph, probeProgressLine, sightOf } from '../../src/core/reply/compose-probe.js';
import { lintKnowledge } from '../../src/runtime/knowledge-dir.js';
import { copyKnowledge, editYaml } from '../helpers/knowledge-copy.js';
import { realDiagnoser } from '../helpers/conversation.js';

const kb = realDiagnoser().kb;
const probe = kb.dialog.probe;

function findings(verdict: ProbeVerdict, extra: Partial<ProbeFindings> = {}): ProbeFindings {
  const answered = verdict === 'up' || verdict === 'gateway_error' || verdict === 'http_error';
  return {
    url: 'https://shop.example.com/cart',
    verdict,
    status: verdict === 'up' ? 200 : verdict === 'gateway_error' ? 502 : verdict === 'http_error' ? 403 : null,
    vendor: 'unknown',
    cause: 'unknown',
    dns: verdict === 'dns_failure' ? 'nxdomain' : answered || verdict !== 'blocked' ? 'resolved' : 'not_looked_up',
    pattern: verdict === 'blocked' || verdict === 'invalid_url' ? null : 'steady',
    error: null,
    summary: 'the probe summary, which the paragraph does not repeat',
    ...extra,
  };
}

/** Every outcome the paragraph tells apart, as the probe reports it. */
const OUTCOMES: Record<ProbeOutcome, ProbeFindings> = {
  up: findings('up'),
  gateway_error: findings('gateway_error'),
  http_error: findings('http_error'),
  timeout: findings('timeout', { error: 'no answer within 8000 ms' }),
  refused: findings('refused', { error: 'connection refused' }),
  tls_failure: findings('tls_failure', { error: 'certificate has expired' }),
  nxdomain: findings('dns_failure', { dns: 'nxdomain' }),
  no_address: findings('dns_failure', { dns: 'no_address' }),
  resolver_failure: findings('dns_failure', { dns: 'resolver_failure', error: 'shop.example.com: the DNS server did not answer (temporary failure)' }),
  blocked: findings('blocked', { error: 'port 22 is not probed (allowed: 80, 443)' }),
  invalid_url: findings('invalid_url', { url: 'http://exa mple.com', error: '"http://exa mple.com" is not a valid URL' }),
};

const ROLES = ['visitor', 'owner', undefined] as const;
const UNREACHED: ProbeOutcome[] = ['timeout', 'refused', 'tls_failure', 'nxdomain', 'no_address', 'resolver_failure'];

/** Which meaning applies, written out independently of the code: what the person sees changes only some. */
function expectedMeaning(outcome: ProbeOutcome, sees: boolean): ProbeMeaning | undefined {
  if (outcome === 'blocked' || outcome === 'invalid_url') return undefined;
  if (sees && outcome === 'up') return 'up_but_seen';
  if (sees && UNREACHED.includes(outcome)) return 'unreachable_but_seen';
  return outcome;
}

function meaningText(meaning: ProbeMeaning, role: string | undefined): string {
  const wording = probe.means[meaning];
  return typeof wording === 'string' ? wording : wording[(role as 'visitor' | 'owner' | undefined) ?? 'unknown'];
}

describe('the probe paragraph: every outcome × role × whether the person sees a gateway error', () => {
  const cases = Object.entries(OUTCOMES).flatMap(([outcome, found]) =>
    ROLES.flatMap((role) => [false, true].map((sees) => ({ outcome: outcome as ProbeOutcome, found, role, sees }))),
  );

  it.each(cases)('$outcome, $role, sees a 502: $sees', ({ outcome, found, role, sees }) => {
    expect(probeOutcome(found)).toBe(outcome);
    const text = probeParagraph(found, role, kb, { seesGatewayError: sees });
    const host = outcome === 'invalid_url' ? 'exa mple.com' : 'shop.example.com';

    // Well-formed: every placeholder filled, nothing missing, the site named.
    expect(text).not.toMatch(/\{\w+\}|undefined|null|\s{2}|\(\)|HTTP \)/);
    expect(text).toMatch(/[.!?]$/);
    if (outcome !== 'invalid_url') expect(text).toContain(`**${host}**`);

    const meaning = expectedMeaning(outcome, sees);
    if (meaning) expect(text).toContain(meaningText(meaning, role));
    else expect(text.split(/(?<=\.) /)).toHaveLength(1);

    // Only a gateway error seen from here says it is not just the person.
    if (outcome !== 'gateway_error') expect(text).not.toMatch(/(?<!that )it is down for everyone|not just you/);
    else expect(text).toMatch(/not just you|front server answers/);
    // A check that could not get through never contradicts an error page the person is looking at.
    if (sees && UNREACHED.includes(outcome)) expect(text).toMatch(/says nothing about the site|My check does not match what you see/);
    if (outcome === 'resolver_failure') expect(text).toMatch(/could not reach it from here/);
    if (outcome === 'resolver_failure' && !sees) expect(text).toMatch(/can't confirm/);
    if (['timeout', 'refused', 'tls_failure'].includes(outcome) && role !== 'owner' && !sees) expect(text).toMatch(/can't confirm/);
  });

  it('gives the refusal reason when it did not check', () => {
    expect(probeParagraph(OUTCOMES.blocked, 'visitor', kb)).toBe('I did not check **shop.example.com**: port 22 is not probed (allowed: 80, 443).');
  });

  it('tells the name that does not exist from the resolver that failed', () => {
    const gone = probeParagraph(OUTCOMES.nxdomain, 'visitor', kb);
    const failed = probeParagraph(OUTCOMES.resolver_failure, 'visitor', kb);
    expect(gone).toMatch(/does not exist/);
    expect(gone).toMatch(/typo/);
    expect(failed).not.toMatch(/does not exist/);
    expect(failed).toMatch(/my own DNS lookup failed/);
  });

  it('reads a total time limit that ran out during the lookup as a resolver failure', () => {
    expect(probeOutcome({ verdict: 'timeout', dns: 'resolver_failure' })).toBe('resolver_failure');
    expect(probeOutcome({ verdict: 'timeout', dns: 'resolved' })).toBe('timeout');
  });

  it('names the cause the check shows, and for an owner the layer that answered and where its log is', () => {
    const found = findings('gateway_error', { vendor: 'nginx', cause: 'upstream_timeout' });
    const owner = probeParagraph(found, 'owner', kb);
    expect(owner).toContain(kb.causes.get('upstream_timeout')?.plain);
    expect(owner).toContain('**nginx**');
    expect(owner).toContain(kb.vendors.get('nginx')?.logs);
    const visitor = probeParagraph(found, 'visitor', kb);
    expect(visitor).toContain(kb.causes.get('upstream_timeout')?.plain);
    expect(visitor).not.toContain(kb.vendors.get('nginx')?.logs);
  });

  it('says when the failure came and went', () => {
    const text = probeParagraph(findings('gateway_error', { pattern: 'intermittent' }), 'owner', kb);
    expect(text).toContain(probe.intermittent);
    expect(probeParagraph(findings('up', { pattern: 'intermittent' }), 'owner', kb)).not.toContain(probe.intermittent);
  });
});

describe('the probe progress line says the current step', () => {
  const step = (name: string, ok = true): ProbeStep => ({ step: name, ok, detail: `${name} detail` });
  const line = (url: string, ...steps: ProbeStep[]) => probeProgressLine(kb, url, steps);

  it('walks through the steps of an https check, one state at a time', () => {
    const url = 'https://shop.example.com/';
    const lines = [
      line(url),
      line(url, step('dns')),
      line(url, step('dns'), step('connect')),
      line(url, step('dns'), step('connect'), step('tls')),
      line(url, step('dns'), step('connect'), step('tls'), step('http', false)),
      line(url, step('dns'), step('connect'), step('tls'), step('http', false), step('attempt', false)),
      line(url, step('dns'), step('connect'), step('tls'), step('http', false), step('attempt', false), step('attempt', false)),
      line(url, step('dns'), step('connect'), step('tls'), step('http', false), step('attempt', false), step('done', false)),
    ];
    expect(lines).toEqual([
      'Checking shop.example.com: looking up its address…',
      'Checking shop.example.com: found it, connecting…',
      'Checking shop.example.com: connected, setting up a secure connection…',
      'Checking shop.example.com: connected, waiting for its answer…',
      'Checking shop.example.com: it answered, reading the answer…',
      'Checking shop.example.com: attempt 1 done, trying again to see whether the result holds…',
      'Checking shop.example.com: attempt 2 done, trying again to see whether the result holds…',
      'Checked shop.example.com.',
    ]);
    // One line that replaces the last: it never grows with the steps.
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(100);
  });

  it('skips the secure step for plain http, and says where a check stopped', () => {
    expect(line('http://blog.example.org:8080/', step('dns'), step('connect'))).toBe('Checking blog.example.org:8080: connected, waiting for its answer…');
    expect(line('https://gone.example/', step('dns', false))).toBe('Checking gone.example: no usable address…');
    expect(line('https://shop.example.com/', step('dns'), step('connect', false))).toBe('Checking shop.example.com: could not connect…');
    expect(line('https://shop.example.com/', step('dns'), step('connect'), step('tls', false))).toBe('Checking shop.example.com: the secure connection failed…');
  });
});

describe('the probe wording in knowledge/dialog.yaml is checked', () => {
  type Dialog = { probe: { seen: Record<string, string>; means: Record<string, unknown>; progress: Record<string, string> } };

  it.each([
    ['seen.up', (d: Dialog) => void (d.probe.seen.up = 'I checked {site} just now.'), /unknown placeholder \{site\}: use \{host\}, \{status\}/],
    ['progress.done', (d: Dialog) => void (d.probe.progress.done = 'Checked {host} {count} times.'), /unknown placeholder \{count\}: use \{host\}/],
    ['means.up.visitor', (d: Dialog) => void (d.probe.means.up = { visitor: 'It loads for {name}.', owner: 'fine here', unknown: 'fine here' }), /unknown placeholder \{name\}/],
    ['means.timeout', (d: Dialog) => void delete d.probe.means.timeout, /^missing: give one wording, or one per role \(visitor, owner, unknown\)$/],
    ['means.refused', (d: Dialog) => void (d.probe.means.refused = ['a list']), /^expected one wording, or one per role/],
  ])('names the wording and the problem: %s', (field, edit, message) => {
    const dir = copyKnowledge();
    try {
      editYaml<Dialog>(dir, 'knowledge/dialog.yaml', edit);
      const { kb: broken, problems } = lintKnowledge(dir);
      expect(broken).toBeUndefined();
      expect(problems).toContainEqual(expect.objectContaining({ file: 'knowledge/dialog.yaml', field: `probe.${field}`, message: expect.stringMatching(message) }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what the person sees, read from their message', () => {
  const sees = (message: string) => sightOf(realDiagnoser().analyze(message).evidence).seesGatewayError;

  it.each([
    ['a named gateway status', 'shop.example.com gives me a 502 since this morning', true],
    ['a Cloudflare 522', 'cloudflare says error 522 for my blog', true],
    ["a pasted error page's wording", 'I get this: Bad gateway Error code 502 Visit cloudflare.com for more information.', true],
    ['a plain question about a site', 'is shop.example.com down right now?', false],
    ['another error', 'example.com says 404 not found', false],
  ])('%s: %s', (_what, message, expected) => {
    expect(sees(message)).toBe(expected);
  });

  it('keeps the site from being called gone when the person sees its error page', () => {
    const found = findings('dns_failure', { dns: 'nxdomain' });
    const text = probeParagraph(found, 'visitor', kb, sightOf(realDiagnoser().analyze('shop.example.com shows 502 bad gateway').evidence));
    expect(text).toContain(meaningText('unreachable_but_seen', 'visitor'));
    expect(text).not.toContain(meaningText('nxdomain', 'visitor'));
  });
});
