import type { Command } from 'commander';
import { lintKnowledge, PACKAGE_ROOT } from '../../runtime/knowledge-dir.js';

export function registerKbCommands(program: Command): void {
  const kb = program.command('kb').description('work with the knowledge base (knowledge/ and intents/)');
  kb.command('lint')
    .description('validate every article, signature and intent file; print each problem with file and field')
    .option('--json', 'print the problems as JSON')
    .option('--dir <path>', 'a checkout or data folder holding knowledge/ and intents/ (default: this package)')
    .action((options: { json?: boolean; dir?: string }) => {
      const { kb: base, problems } = lintKnowledge(options.dir ?? PACKAGE_ROOT);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems })}\n`);
      } else if (problems.length === 0 && base) {
        process.stdout.write(
          `knowledge base OK: ${base.articles.length} articles, ${base.signatures.length} signatures, ` +
            `${base.intents.reduce((n, i) => n + i.examples.length, 0)} utterances in ${new Set(base.intents.map((i) => i.intent)).size} intents\n`,
        );
      } else {
        for (const p of problems) process.stdout.write(`${p.file}: ${p.field}: ${p.message}\n`);
        process.stdout.write(`${problems.length} problem(s)\n`);
      }
      if (problems.length > 0) process.exitCode = 1;
    });
}
