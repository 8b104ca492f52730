import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { DiscordContext } from './context.js';
import { refusedAsNotTheirs } from './owner.js';
import { answerTurn, deferReply } from './turn.js';

/**
 * A button under one of updoc's replies: the next turn of that conversation, answered in a new
 * message that is as private as the one the button was on.
 */
export async function handleButton(
  interaction: ButtonInteraction,
  pressed: { sessionId: string; actionId: string },
  context: DiscordContext,
): Promise<void> {
  if (await refusedAsNotTheirs(interaction, context)) return;
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  if (!(await deferReply(interaction, ephemeral, context))) return;
  await answerTurn(interaction, context, {
    sessionId: pressed.sessionId,
    input: { action: pressed.actionId, requester: `discord:${interaction.user.id}` },
    ephemeral,
  });
}
