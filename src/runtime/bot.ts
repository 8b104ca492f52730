import { Bot } from '../core/bot.js';
import type { SessionStore } from '../core/dialog/session-store.js';
import type { Config } from './config.js';
import { loadDiagnoser } from './diagnoser.js';
import { openStore } from './store.js';

export interface Running {
  bot: Bot;
  store: SessionStore;
  close(): Promise<void>;
}

/** The composition root: knowledge, diagnoser, store, and the bot that joins them. */
export function startBot(config: Config, store: SessionStore = openStore(config)): Running {
  const bot = new Bot({ diagnoser: loadDiagnoser(), store });
  return { bot, store, close: () => store.close() };
}
