import type { Command } from 'commander';
import { lintKnowledge } from '../../runtime/knowledge-dir.js';

export function registerKbCommands(program: Command): void {
  const kb = program.command('kb').description('work with the knowledge base (knowledge/ and intents/)');
  kb.command('lint')
    .description('validate every article, signature and intent file; print each problem with file and field')
    .option('--json', 'print the problems as JSON')
    .action((options: { json?: boolean }) => {
      const { kb: base, problems } = lintKnowledge();
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems })}\n`);
      } else if (problems.length === 0 && base) {
        process.stdout.write(
          `knowledge base OK: ${base.articles.length} articles, ${base.signatures.length} signatures, ` +
            `${base.intents.reduce((n, i) => n + i.examples.length, 0)} utterances in ${base.intents.length} intents\n`,
        );
      } else {
        for (const p of problems) process.stdout.write(`${p.file}: ${p.field}: ${p.message}\n`);
        process.stdout.write(`${problems.length} problem(s)\n`);
      }
      if (problems.length > 0) process.exitCode = 1;
    });
}
