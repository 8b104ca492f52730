import type { Command } from 'commander';
import { buildReport } from '../../analytics/report.js';
import { renderReport } from '../../analytics/report-text.js';
import { loadConfig } from '../../runtime/config.js';
import { OutageLog } from '../../runtime/outage-log.js';
import { openStore, sharedRedis } from '../../runtime/store.js';
import { redisReady } from '../../store/redis-client.js';
import { CliError } from '../errors.js';
import { writeJsonLine } from '../json-lines.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const REDIS_WAIT_MS = 5_000;

/** "30m", "12h", "7d", "4w" in milliseconds. */
function parseSince(value: string): number {
  const match = /^(\d{1,5})([mhdw])$/.exec(value.trim());
  const amount = Number(match?.[1]);
  if (!match || amount === 0) throw new CliError(`--since takes a duration like 30m, 12h, 7d or 4w, not "${value}"`);
  return amount * (UNIT_MS[match[2] ?? ''] ?? 0);
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('what people asked and how it went: resolution rate, unanswered questions, thumbs down, vendors, causes, spikes')
    .option('--since <duration>', 'the period to report on, back from now: 30m, 12h, 7d, 4w', '7d')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { since: string; json?: boolean }) => {
      const period = parseSince(options.since);
      const config = loadConfig();
      // The command reports an unreachable store itself, in one line.
      const store = openStore(config, new OutageLog(() => undefined));
      try {
        const redis = sharedRedis(store);
        if (redis) await redisReady(redis, REDIS_WAIT_MS).catch((error: Error) => Promise.reject(new CliError(error.message, 1)));
        const to = Date.now();
        const report = buildReport(await store.activitySince(to - period), { from: to - period, to });
        if (options.json) writeJsonLine(report);
        else process.stdout.write(renderReport(report));
      } finally {
        await store.close();
      }
    });
}
