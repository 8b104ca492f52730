import type { TurnHandler } from '../../core/bot.js';
import type { Log } from './log.js';
import type { DiscordOutlet } from './person-outlet.js';

/** What every command and button handler gets. */
export interface DiscordContext {
  bot: TurnHandler;
  log: Log;
  /** Origins a screenshot may be downloaded from: Discord's CDN (tests serve a local one). */
  screenshotOrigins: readonly string[];
  /** Delivers staff replies, remembering each conversation's latest interaction to follow up through. */
  followUps?: DiscordOutlet;
}
