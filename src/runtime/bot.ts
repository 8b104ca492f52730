import type { Redis } from 'ioredis';
import { Bot, DESK_UNREACHABLE } from '../core/bot.js';
import type { ActivityLog } from '../core/ports.js';
import { MemoryDeduplicator, type Deduplicator } from '../store/deduplicator.js';
import { MemoryHub, type LiveHub } from '../store/live-hub.js';
import { RedisHub } from '../store/redis-hub.js';
import { RedisDeduplicator } from '../store/redis-deduplicator.js';
import { RedisUseCounter } from '../store/redis-use-counter.js';
import { MemoryUseCounter } from '../store/use-counter.js';
import { withHandoffBudget } from '../handoff/handoff-budget.js';
import type { Store } from '../store/store.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { Config } from './config.js';
import { loadDiagnoser } from './diagnoser.js';
import { lazyProber, lazyReader } from './lazy-ports.js';
import { handoffDesk, handoffReach, startHandoffs } from './handoff.js';
import { OutageLog } from './outage-log.js';
import { PersonOutlets } from './person-outlets.js';
import type { ConversationProberOptions } from './prober.js';
import type { ScreenshotReaderOptions } from './vision.js';
import { openStore, sharedRedis, STORE } from './store.js';

export interface Running {
  bot: Bot;
  store: Store;
  /** The Redis connection of a shared store: the web server counts rate limits in it. */
  redis?: Redis;
  /** Remembers event ids (a Slack retry), across processes when the store is shared. */
  dedup?: Deduplicator;
  /** Where staff replies go: each channel adds the outlet for its conversations as it starts. */
  outlets: PersonOutlets;
  /** Carries staff replies to widgets watching live, across processes when the store is shared. */
  hub: LiveHub;
  /** What /metrics reports: every channel counts its turns here under its own name. */
  metrics: Metrics;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where outages and handoff problems are told; standard error by default. */
  log?: (line: string) => void;
  /** The live probe's resolver and limits (tests inject a resolver: never the system's DNS). */
  probe?: ConversationProberOptions;
  /** The screenshot reader's limits (its OCR timeout, say). */
  reader?: ScreenshotReaderOptions;
  /**
   * This process serves the channels (`updoc serve`): staff replies from Slack reach it and it
   * reaches people where they are, so a handoff can be answered in the conversation. Its SQLite
   * store writes sessions and turns, and checkpoints, from a thread of its own.
   */
  servesChannels?: boolean;
}

const toStderr = (line: string) => void process.stderr.write(`updoc: ${line}\n`);

/** The composition root: knowledge, diagnoser, store, activity log, handoff delivery, and the bot that joins them. */
export function startBot(config: Config, given?: Store, options: StartOptions = {}): Running {
  const outages = new OutageLog(options.log ?? toStderr);
  const store = given ?? openStore(config, outages, options.servesChannels ?? false);
  const redis = sharedRedis(store);
  const dedup = redis ? new RedisDeduplicator(redis) : new MemoryDeduplicator();
  const reach = handoffReach(config, options.servesChannels ?? false);
  const handoffs = startHandoffs(config, store, reach, dedup, outages);
  const outlets = new PersonOutlets();
  const desk = handoffDesk(config, store, reach);
  const delivering: ActivityLog = handoffs
    ? {
        recordTurn: (record) => store.recordTurn(record),
        recordFeedback: (record) => store.recordFeedback(record),
        recordHandoff: async (packet) => {
          await store.recordHandoff(packet);
          handoffs.wake();
        },
      }
    : store;
  const activity = withHandoffBudget(delivering, redis ? new RedisUseCounter(redis) : new MemoryUseCounter());
  const diagnoser = loadDiagnoser();
  const reader = lazyReader(diagnoser, options.reader);
  const bot = new Bot({
    diagnoser,
    reader,
    prober: lazyProber(config, diagnoser, options.probe),
    store,
    activity,
    handoff: { reach, ...(config.SUPPORT_CONTACT ? { contact: config.SUPPORT_CONTACT } : {}), ...(desk ? { desk } : {}), outlet: outlets },
    onError: (error, context) => outages.failed(context === DESK_UNREACHABLE ? 'handoff desk' : STORE, `${context}: ${(error as Error).message}`),
  });
  const hub: LiveHub = redis ? new RedisHub(redis) : new MemoryHub();
  return {
    bot,
    store,
    ...(redis ? { redis } : {}),
    dedup,
    outlets,
    hub,
    metrics: createMetrics(),
    close: async () => {
      await reader.close();
      await handoffs?.stop();
      await hub.close();
      await store.close();
    },
  };
}
