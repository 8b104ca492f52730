import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/knowledge/types.js';
import { lintKnowledge } from '../../src/runtime/knowledge-dir.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { copyKnowledge, editText, editYaml } from '../helpers/knowledge-copy.js';

interface SignatureData {
  signatures: Record<string, unknown>[];
}
interface IntentData {
  intent: string;
  examples: string[];
}
interface DialogData {
  facts: Record<string, { options: { value: string; label: string }[] }>;
}

const CADDY = 'knowledge/signatures/caddy.yaml';
const ARTICLE = 'knowledge/articles/what-is-502.md';

/**
 * Lints the broken copy both ways: in-process (`lintKnowledge`) and through the CLI
 * (`updoc kb lint --dir`), and checks that each reports the expected file and field.
 */
async function expectProblem(dir: string, file: string, field: string | RegExp, message?: RegExp): Promise<Problem> {
  const { kb, problems } = lintKnowledge(dir);
  expect(kb).toBeUndefined();
  const matchesField = (p: Problem) => (typeof field === 'string' ? p.field === field : field.test(p.field));
  const problem = problems.find((p) => p.file === file && matchesField(p) && (!message || message.test(p.message)));
  const listing = problems.map((p) => `${p.file} ${p.field}: ${p.message}`).join('\n');
  expect(problem, `no problem for ${file} ${String(field)} ${String(message ?? '')} in:\n${listing}`).toBeDefined();

  const cli = await runCli(['kb', 'lint', '--dir', dir]);
  expect(cli.code).not.toBe(0);
  expect(cli.code).not.toBeNull();
  const line = cli.stdout.split('\n').find((l) => l.startsWith(`${file}: ${problem!.field}: `));
  expect(line, `CLI output lacks "${file}: ${problem!.field}":\n${cli.stdout}`).toBeDefined();
  expect(cli.stderr).not.toMatch(/^\s+at /m);

  return problem!;
}

describe('kb lint: the real data', { timeout: 120_000 }, () => {
  it('lints clean in-process', () => {
    const { kb, problems } = lintKnowledge(ROOT);
    expect(problems).toEqual([]);
    expect(kb).toBeDefined();
  });

  it('lints clean through the CLI (exit 0)', async () => {
    const result = await runCli(['kb', 'lint']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/OK/);
  });

  it('--dir pointing at a folder without data: non-zero exit, one clean line', async () => {
    const result = await runCli(['kb', 'lint', '--dir', join(copyKnowledge(), 'nowhere')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/catalog\.yaml|nowhere/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('an untouched copy lints clean through --dir', async () => {
    const dir = copyKnowledge();
    expect(lintKnowledge(dir).problems).toEqual([]);
    const result = await runCli(['kb', 'lint', '--dir', dir]);
    expect(result.code).toBe(0);
  });
});

// Each test lints a full copy of the data twice (in-process and through the CLI).
const LINT_TIMEOUT = 120_000;

describe('kb lint: one broken thing at a time', { timeout: LINT_TIMEOUT }, () => {
  it('a signature regex that does not compile', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.pattern = 'server:[ \\t]*(Caddy';
    });
    await expectProblem(dir, CADDY, 'signatures[0].pattern', /regular expression|backtrack|analysed/);
  });

  it('a nested-quantifier regex (a+)+b is unsafe', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.pattern = '(a+)+b';
      d.signatures[0]!.examples = ['aaab'];
      d.signatures[0]!.counterexamples = [];
    });
    await expectProblem(dir, CADDY, 'signatures[0].pattern', /backtrack|nested/);
  });

  it('a repeated group with a repeat inside, (?:\\.\\d+)*, is unsafe', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[1]!.pattern = 'caddy/v(?:\\.\\d+)*';
      d.signatures[1]!.examples = ['caddy/v.2.7'];
    });
    await expectProblem(dir, CADDY, 'signatures[1].pattern', /backtrack|nested/);
  });

  it.each([
    ['overlapping alternatives under a repeat', '(a|aa)+b', 'aab', /alternatives/],
    ['open repeats side by side', 'x\\s*\\s*\\s*y', 'x  y', /side by side/],
    ['a named back-reference', '(?<n>a)\\k<n>', 'aa', /back-reference/],
  ])('%s is refused', async (_name, pattern, example, message) => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.pattern = pattern;
      d.signatures[0]!.examples = [example];
      d.signatures[0]!.counterexamples = [];
    });
    await expectProblem(dir, CADDY, 'signatures[0].pattern', message);
  });

  it('a back-reference is refused', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.pattern = '(caddy)\\1';
      d.signatures[0]!.examples = ['caddycaddy'];
      d.signatures[0]!.counterexamples = [];
    });
    await expectProblem(dir, CADDY, 'signatures[0].pattern', /back-reference|backtrack/);
  });

  it('--json reports {ok: false, problems: [{file, field, message}]}', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.examples = ['Server: Apache/2.4.57'];
    });
    const json = await runCli(['kb', 'lint', '--dir', dir, '--json']);
    expect(json.code).not.toBe(0);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: Problem[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ file: CADDY, field: 'signatures[0].examples[0]', message: expect.stringMatching(/does not match/) });
  });

  it('a signature whose example does not match', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.examples = ['Server: Apache/2.4.57'];
    });
    await expectProblem(dir, CADDY, 'signatures[0].examples[0]', /does not match/);
  });

  it('a signature that matches its own counterexample', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.counterexamples = ['Server: Caddy'];
    });
    await expectProblem(dir, CADDY, 'signatures[0].counterexamples[0]');
  });

  it('an unknown vendor in a signature', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.vendor = 'notavendor';
    });
    await expectProblem(dir, CADDY, 'signatures[0].vendor', /notavendor/);
  });

  it('an unknown cause in a signature', async () => {
    const dir = copyKnowledge();
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures[0]!.cause = 'gremlins';
    });
    await expectProblem(dir, CADDY, 'signatures[0].cause');
  });

  it('a duplicate signature id across files', async () => {
    const dir = copyKnowledge();
    // Files are read in name order: the later file (nginx.yaml) is the one holding the duplicate.
    editYaml<SignatureData>(dir, 'knowledge/signatures/nginx.yaml', (d) => {
      d.signatures[1]!.id = 'caddy-header-server';
    });
    const problem = await expectProblem(dir, 'knowledge/signatures/nginx.yaml', 'id', /duplicate/);
    expect(problem.message).toMatch(/caddy-header-server/);
    expect(problem.message).toMatch(/caddy\.yaml/);
  });

  it('a missing required article field (no title)', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => t.replace(/^title: .*\n/m, ''));
    await expectProblem(dir, ARTICLE, 'title');
  });

  it('an article whose id is not its file name', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => t.replace(/^id: what-is-502$/m, 'id: what-is-a-502'));
    await expectProblem(dir, ARTICLE, 'id', /file name/);
  });

  it('an article with an unknown section heading', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => `${t.trimEnd()}\n\n## Fun facts\nThe number 502 is even.\n`);
    await expectProblem(dir, ARTICLE, 'body "## Fun facts"', /unknown section/);
  });

  it('"Steps for notanupstream"', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => `${t.trimEnd()}\n\n## Steps for notanupstream\n1. Restart it.\n`);
    await expectProblem(dir, ARTICLE, 'body "## Steps for notanupstream"', /notanupstream/);
  });

  it('"Steps for <id>" takes vendor, app server and hosting ids', () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => `${t.trimEnd()}\n\n## Steps for heroku\n1. \`heroku logs --tail -a APP\`.\n\n## Steps for php_fpm\n1. Read the FPM log.\n\n## Steps for kubernetes\n1. \`kubectl get pods\`.\n`);
    expect(lintKnowledge(dir).problems).toEqual([]);
  });

  it('"Steps for" a platform without a server shell refuses sudo, systemctl and journalctl', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => `${t.trimEnd()}\n\n## Steps for heroku\n1. \`sudo systemctl restart app\`.\n`);
    await expectProblem(dir, ARTICLE, 'body "## Steps for heroku"', /sudo.*paas/);
  });

  it('an article without sources', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => t.replace(/^sources:\n(?:  - .*\n)+/m, ''));
    await expectProblem(dir, ARTICLE, 'sources', /required|expected/i);
  });

  it('a source that is not an https address', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => t.replace(/^sources:\n  - .*\n/m, 'sources:\n  - the nginx book, page 12\n'));
    await expectProblem(dir, ARTICLE, 'sources[0]', /https/);
  });

  it('a catalog hosting value that does not exist', async () => {
    const dir = copyKnowledge();
    editText(dir, 'knowledge/catalog.yaml', (t) => t.replace('reportsAs: heroku, hosting: paas', 'reportsAs: heroku, hosting: cloud'));
    await expectProblem(dir, 'knowledge/catalog.yaml', /^vendors\[\d+\]\.hosting$/);
  });

  it('a signature that finds evidence in an ordinary sentence', async () => {
    const dir = copyKnowledge();
    let index = -1;
    editYaml<SignatureData>(dir, CADDY, (d) => {
      d.signatures.push({ id: 'caddy-shop', kind: 'page', vendor: 'caddy', pattern: '\\bSH[A-Z]{2}\\b', caseSensitive: true, weight: 0.9, means: 'a shouted word taken for a state', examples: ['SHOP'] });
      index = d.signatures.length - 1;
    });
    const problem = await expectProblem(dir, CADDY, `signatures[${index}].pattern`, /ordinary sentence/);
    expect(problem.message).toMatch(/MY SHOP IS DOWN 502/);
  });

  it('an ordinary sentence allowing a label no catalog has', async () => {
    const dir = copyKnowledge();
    editText(dir, 'knowledge/ordinary-sentences.yaml', (t) => `${t.trimEnd()}\n  - { text: "our gateway is fine", allows: [gremlin] }\n`);
    await expectProblem(dir, 'knowledge/ordinary-sentences.yaml', /^sentences\[\d+\]\.allows\[0\]$/, /gremlin/);
  });

  it('an article that relates to an id no article has', async () => {
    const dir = copyKnowledge();
    editText(dir, ARTICLE, (t) => t.replace(/^related: \[/m, 'related: [no-such-article, '));
    await expectProblem(dir, ARTICLE, 'related[0]', /no-such-article/);
  });

  it('a duplicate article id', async () => {
    const dir = copyKnowledge();
    // The same id in a second file: the parser must name the duplicate (and the file-name mismatch).
    const copy = 'knowledge/articles/zz-duplicate.md'; // read after what-is-502.md
    writeFileSync(join(dir, copy), readFileSync(join(dir, ARTICLE), 'utf8'));
    const problem = await expectProblem(dir, copy, 'id', /duplicate/);
    expect(problem.message).toMatch(/what-is-502/);
  });

  it('an intent with fewer than 40 examples across its files', async () => {
    const dir = copyKnowledge();
    rmSync(join(dir, 'intents/posts/human.yaml'));
    editYaml<IntentData>(dir, 'intents/human.yaml', (d) => {
      d.examples = d.examples.slice(0, 39);
    });
    await expectProblem(dir, 'intents/', 'human', /39 examples.*at least 40/);
  });

  it('an intent file with fewer than 10 examples', async () => {
    const dir = copyKnowledge();
    editYaml<IntentData>(dir, 'intents/posts/human.yaml', (d) => {
      d.examples = d.examples.slice(0, 9);
    });
    await expectProblem(dir, 'intents/posts/human.yaml', 'examples', /10/);
  });

  it('an intent file with a role that is not owner, visitor or neutral', async () => {
    const dir = copyKnowledge();
    editYaml<IntentData & { role?: string }>(dir, 'intents/human.yaml', (d) => {
      d.role = 'admin';
    });
    await expectProblem(dir, 'intents/human.yaml', 'role', /owner|visitor|neutral/);
  });

  it('the same utterance under two intents', async () => {
    const dir = copyKnowledge();
    let index = -1;
    editYaml<IntentData>(dir, 'intents/smalltalk.yaml', (d) => {
      d.examples.push('can I talk to a human');
      index = d.examples.length - 1;
    });
    await expectProblem(dir, 'intents/smalltalk.yaml', `examples[${index}]`, /also an example of human/);
  });

  it('the same utterance under two intents, differing only in case and spaces', async () => {
    const dir = copyKnowledge();
    editYaml<IntentData>(dir, 'intents/smalltalk.yaml', (d) => {
      d.examples.push('  Can I Talk To A Human  ');
    });
    await expectProblem(dir, 'intents/smalltalk.yaml', /^examples\[\d+\]$/, /human/);
  });

  it('invalid YAML', async () => {
    const dir = copyKnowledge();
    writeFileSync(join(dir, CADDY), 'signatures:\n  - id: caddy-x\n    pattern: "unterminated\n   : [\n');
    await expectProblem(dir, CADDY, '(file)', /YAML/);
  });

  it('invalid YAML in an intent file', async () => {
    const dir = copyKnowledge();
    editText(dir, 'intents/duration.yaml', (t) => t.replace(/^examples:/m, 'examples: [unclosed'));
    await expectProblem(dir, 'intents/duration.yaml', '(file)', /YAML/);
  });

  it('a dialog.yaml option value that is not allowed', async () => {
    const dir = copyKnowledge();
    editYaml<DialogData>(dir, 'knowledge/dialog.yaml', (d) => {
      d.facts.role!.options[0]!.value = 'admin';
    });
    await expectProblem(dir, 'knowledge/dialog.yaml', 'facts.role.options[0].value', /admin/);
  });

  it('a dialog.yaml vendor option that is not in the catalogue', async () => {
    const dir = copyKnowledge();
    editYaml<DialogData>(dir, 'knowledge/dialog.yaml', (d) => {
      d.facts.vendor!.options[0]!.value = 'tomcat';
    });
    await expectProblem(dir, 'knowledge/dialog.yaml', 'facts.vendor.options[0].value', /tomcat/);
  });
});
