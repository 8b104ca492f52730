import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { TurnInput } from '../../core/bot.js';
import type { DiscordContext } from './context.js';
import { LatestEdit } from './latest-edit.js';
import { describeError } from './log.js';
import { renderReply, type Renderable } from './render.js';

const FAILED: Renderable = { kind: 'error', text: 'Something went wrong on my side. Please try again in a moment.', actions: [] };

/**
 * Acknowledges an interaction with "updoc is thinking…" (Discord allows 3 s for that; the answer
 * may then take 15 minutes). False when Discord no longer knows the interaction.
 */
export async function deferReply(interaction: RepliableInteraction, ephemeral: boolean, context: DiscordContext): Promise<boolean> {
  try {
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    return true;
  } catch (error) {
    context.log.warn({ ...describeError(error), interaction: interaction.id }, 'could not acknowledge an interaction');
    return false;
  }
}

/**
 * Runs one turn of a conversation and shows its replies in the deferred reply: progress, then the
 * answer. The interaction stays the conversation's way to follow up (a staff reply) while Discord
 * keeps it.
 */
export async function answerTurn(
  interaction: RepliableInteraction,
  context: DiscordContext,
  turn: { sessionId: string; input: TurnInput; ephemeral: boolean; note?: string },
): Promise<void> {
  context.followUps?.remember(turn.sessionId, interaction, turn.ephemeral);
  const edits = new LatestEdit<Renderable>(
    (reply) => interaction.editReply(renderReply(reply, turn.sessionId, turn.note)),
    (error) => context.log.warn({ ...describeError(error), interaction: interaction.id }, 'could not edit the reply'),
  );
  try {
    await context.bot.handleTurn(turn.sessionId, turn.input, (reply) => edits.show(reply));
  } catch (error) {
    context.log.error({ ...describeError(error), session: turn.sessionId }, 'the turn failed');
    edits.show(FAILED);
  }
  await edits.settled();
}
