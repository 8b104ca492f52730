import type { Bot } from '../../core/bot.js';
import type { Log } from './log.js';

/** What every command and button handler gets. */
export interface DiscordContext {
  bot: Bot;
  log: Log;
  /** Origins a screenshot may be downloaded from: Discord's CDN (tests serve a local one). */
  screenshotOrigins: readonly string[];
}
