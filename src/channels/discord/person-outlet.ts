import { MessageFlags, type Client, type RepliableInteraction } from 'discord.js';
import type { OutOfTurnDelivery, PersonOutlet } from '../../core/ports.js';
import { describeError, type Log } from './log.js';
import { renderOutOfTurn } from './render.js';

/** Discord keeps an interaction's token for 15 minutes; a follow-up is not tried in its last half minute. */
const FOLLOW_UP_MS = 14.5 * 60_000;
const NO_MENTIONS = { parse: [] };

/**
 * Staff replies to Discord conversations: a follow-up message through the conversation's latest
 * interaction while Discord still takes one (as private as that interaction), else a direct
 * message to the person who asked. Interactions are remembered in this process only; another
 * process sends direct messages.
 */
export class DiscordOutlet implements PersonOutlet {
  private readonly latest = new Map<string, { interaction: RepliableInteraction; ephemeral: boolean; at: number }>();

  constructor(
    private readonly client: Client,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {}

  remember(sessionId: string, interaction: RepliableInteraction, ephemeral: boolean): void {
    for (const [id, kept] of this.latest) if (!this.fresh(kept.at)) this.latest.delete(id);
    this.latest.set(sessionId, { interaction, ephemeral, at: this.now() });
  }

  async deliver({ sessionId, requester, messages }: OutOfTurnDelivery): Promise<void> {
    const message = renderOutOfTurn(messages, sessionId);
    const kept = this.latest.get(sessionId);
    if (kept && this.fresh(kept.at)) {
      try {
        await kept.interaction.followUp({ ...message, allowedMentions: NO_MENTIONS, ...(kept.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
        return;
      } catch (error) {
        this.log.warn({ ...describeError(error), session: sessionId }, 'could not follow up; sending a direct message instead');
      }
    }
    const userId = /^discord:(\d{1,25})$/.exec(requester ?? '')?.[1];
    if (!userId) throw new Error('the Discord conversation can no longer be followed up and its person is unknown');
    try {
      const channel = await this.client.users.createDM(userId);
      await channel.send({ ...message, allowedMentions: NO_MENTIONS });
    } catch (error) {
      const { code, error: reason } = describeError(error);
      throw new Error(`Discord refused a direct message to the person (${String(reason)}${code ? `, code ${String(code)}` : ''}): they may accept messages only from friends`);
    }
  }

  /** Counted from when updoc received the interaction, on its own clock. */
  private fresh(at: number): boolean {
    return this.now() - at < FOLLOW_UP_MS;
  }
}
