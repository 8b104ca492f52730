import type { Command } from 'commander';
import { loadConfig } from '../../runtime/config.js';
import { loadDiagnoser } from '../../runtime/diagnoser.js';
import { createProber } from '../../probe/create-prober.js';
import { formatReport } from '../../probe/format-report.js';
import { identifyWith } from '../../probe/identify.js';
import { probePolicy } from '../../runtime/prober.js';
import type { Identify } from '../../probe/types.js';

export function registerProbeCommand(program: Command): void {
  program
    .command('probe')
    .argument('<url>', 'the URL to check')
    .description('check a URL now: DNS, connection, TLS and HTTP, who answered and how it fails')
    .option('--json', 'print the report as one JSON object')
    .option('--allow-private', 'also probe loopback and private addresses (local testing only)')
    .action(async (url: string, options: { json?: boolean; allowPrivate?: boolean }) => {
      const config = loadConfig();
      // The brain loads only when something answered: a refused or invalid URL is reported at once.
      let identify: Identify | undefined;
      const prober = createProber({
        identify: (text) => (identify ??= identifyWith(loadDiagnoser()))(text),
        policy: probePolicy(config, options.allowPrivate === true),
      });
      const report = await prober.probe(url);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    });
}
