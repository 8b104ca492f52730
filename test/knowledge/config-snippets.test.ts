import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/types.js';
import { loadKnowledge } from '../../src/runtime/knowledge-dir.js';
import { APACHE } from '../helpers/config-check/apache.js';
import { CADDY } from '../helpers/config-check/caddy.js';
import { HAPROXY } from '../helpers/config-check/haproxy.js';
import { NGINX } from '../helpers/config-check/nginx.js';
import { looksLikeConfigLine, snippetsOf, type Snippet } from '../helpers/config-check/snippets.js';
import { SnippetChecker, type Verdict } from '../helpers/config-check/tool.js';
import { traefikLabelProblems, traefikYamlProblems } from '../helpers/config-check/traefik.js';

/**
 * Every Caddyfile, nginx, Apache, HAProxy and Traefik snippet in an article is checked the way
 * its reader would: placed in a minimal configuration and read by the real tool from Debian's
 * packages (`nginx -t`, `apache2 -t`, `haproxy -c`, `caddy adapt`). Traefik has no Debian
 * package: its YAML and Docker labels are checked for structure.
 *
 * Which tool an inline snippet belongs to is decided by the tools themselves: a line counts as
 * a tool's snippet when that tool knows its first keyword, and it must then be valid there.
 * Quoted error pages and log lines (what the knowledge base's own page, header and log
 * signatures recognise) are evidence, not configuration.
 */
const nginx = new SnippetChecker(NGINX);
const apache = new SnippetChecker(APACHE);
const haproxy = new SnippetChecker(HAPROXY);
const caddy = new SnippetChecker(CADDY);
/** Caddyfile blocks in articles are written at site level. */
const CADDY_BLOCK_CONTEXTS = CADDY.contexts.filter((c) => c.name === 'site');

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const brief = (verdict: Verdict) => `${verdict.tool}${verdict.context ? ` (${verdict.context})` : ''}: ${verdict.output.split('\n').filter((l) => /emerg|error|alert|syntax|invalid|Error/i.test(l)).slice(0, 2).join(' | ') || verdict.output.slice(0, 200)}`;

/** Checks one inline snippet with every tool that could own it. */
async function inlineVerdicts(text: string): Promise<Verdict[]> {
  const tools = /^[A-Z]/.test(text) ? [apache] : [nginx, haproxy, caddy];
  const verdicts: Verdict[] = [];
  for (const tool of tools) verdicts.push(await tool.check(text));
  return verdicts.filter((v) => v.reading !== 'unknown');
}

let kb: KnowledgeBase;
let snippets: Snippet[];
beforeAll(() => {
  kb = loadKnowledge();
  snippets = snippetsOf(kb.articles);
});

describe('configuration snippets in the articles pass the real tools', { timeout: 300_000 }, () => {
  it('every fenced block is tagged with the tool that reads it, and passes it', async () => {
    const fenced = snippets.filter((s) => s.language !== undefined);
    const problems: string[] = [];
    for (const block of fenced) {
      const verdict =
        block.language === 'nginx' ? await nginx.check(block.text)
        : block.language === 'apache' ? await apache.check(block.text)
        : block.language === 'haproxy' ? await haproxy.check(block.text)
        : block.language === 'caddy' ? await caddy.check(block.text, CADDY_BLOCK_CONTEXTS)
        : undefined;
      if (block.language === 'traefik-yaml') {
        problems.push(...traefikYamlProblems(block.text).map((p) => `${block.where}: ${p}`));
      } else if (!verdict) {
        problems.push(`${block.where}: a fenced block needs one of the tags nginx, apache, haproxy, caddy, traefik-yaml (got "${block.language}")`);
      } else if (verdict.reading !== 'ok') {
        problems.push(`${block.where}: ${block.text.split('\n')[0]}… → ${brief(verdict)}`);
      }
    }
    expect(fenced.length).toBeGreaterThanOrEqual(4);
    expect(problems).toEqual([]);
  });

  it('every inline line a tool knows is valid for that tool', async () => {
    const quoted = (text: string) => kb.signatures.some((sig) => sig.kind !== 'mention' && sig.regex.test(text));
    const candidates = snippets.filter((s) => s.language === undefined && looksLikeConfigLine(s.text) && !s.text.startsWith('traefik.') && !quoted(s.text));
    const unique = [...new Map(candidates.map((s) => [s.text, s])).values()];
    const results = await inParallel(unique, 2, async (snippet) => ({ snippet, verdicts: await inlineVerdicts(snippet.text) }));
    const owned = results.filter((r) => r.verdicts.length > 0);
    const failures = owned
      .filter((r) => !r.verdicts.some((v) => v.reading === 'ok'))
      .map((r) => `${r.snippet.where}: \`${r.snippet.text}\` → ${r.verdicts.map(brief).join(' ; ')}`);
    expect(failures).toEqual([]);

    // The check reaches every tool: a few snippets of each are in the articles.
    const passedBy = (tool: string) => owned.filter((r) => r.verdicts.some((v) => v.tool === tool && v.reading === 'ok')).length;
    expect(passedBy('nginx')).toBeGreaterThanOrEqual(15);
    expect(passedBy('apache')).toBeGreaterThanOrEqual(4);
    expect(passedBy('haproxy')).toBeGreaterThanOrEqual(2);
    expect(passedBy('caddy')).toBeGreaterThanOrEqual(5);
  });

  it('Traefik labels are keys and values Traefik documents', () => {
    const labels = snippets.filter((s) => s.language === undefined && s.text.startsWith('traefik.'));
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels.flatMap((s) => traefikLabelProblems(s.text).map((p) => `${s.where}: ${p}`))).toEqual([]);
  });
});

describe('the check refuses broken snippets', { timeout: 60_000 }, () => {
  it.each([
    ['a Caddyfile block on one line', caddy, 'transport http { tls_insecure_skip_verify }'],
    ['a Caddy timeout that is not a duration', caddy, 'dial_timeout soon'],
    ['an nginx timeout that is not a time', nginx, 'proxy_read_timeout two minutes;'],
    ['an nginx directive outside the blocks that allow it', nginx, 'worker_connections 1024;'],
    ['an Apache timeout that is not a number', apache, 'ProxyTimeout forever'],
    ['a HAProxy timeout that is not a time', haproxy, 'timeout server soon'],
  ] as const)('%s', async (_name, checker, snippet) => {
    const verdict = await checker.check(snippet);
    expect(verdict.reading, verdict.output).toBe('invalid');
  });

  it('the same tools accept the corrected forms', async () => {
    expect((await caddy.check('transport http {\n\ttls_insecure_skip_verify\n}')).reading).toBe('ok');
    expect((await nginx.check('proxy_read_timeout 120s;')).reading).toBe('ok');
    expect((await apache.check('ProxyTimeout 120')).reading).toBe('ok');
    expect((await haproxy.check('timeout server 60s')).reading).toBe('ok');
  });

  it('Traefik: a misspelled option, an unknown label and a port out of range are refused', () => {
    expect(traefikYamlProblems('http:\n  serversTransports:\n    t:\n      rootCA:\n        - /ca.pem\n')).not.toEqual([]);
    expect(traefikLabelProblems('traefik.http.services.app.loadbalancer.server.prot=80')).not.toEqual([]);
    expect(traefikLabelProblems('traefik.http.services.app.loadbalancer.server.port=70000')).not.toEqual([]);
    expect(traefikYamlProblems('http:\n  serversTransports:\n    t:\n      rootCAs:\n        - /ca.pem\n')).toEqual([]);
  });
});
