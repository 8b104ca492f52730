import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { DiscordContext } from './context.js';
import { describeError } from './log.js';
import { answerTurn, deferReply } from './turn.js';

const NOT_YOURS = 'This conversation belongs to someone else. Start your own with `/updoc`.';

/**
 * A button under one of updoc's replies: the next turn of that conversation, answered in a new
 * message that is as private as the one the button was on.
 */
export async function handleButton(
  interaction: ButtonInteraction,
  pressed: { sessionId: string; actionId: string },
  context: DiscordContext,
): Promise<void> {
  // In a shared channel anyone can press the buttons; only the person who asked continues.
  const owner = interaction.message.interactionMetadata?.user.id;
  if (owner && owner !== interaction.user.id) {
    await interaction.reply({ content: NOT_YOURS, flags: MessageFlags.Ephemeral }).catch((error: unknown) => {
      context.log.warn({ ...describeError(error), interaction: interaction.id }, 'could not answer a button');
    });
    return;
  }
  if (!(await deferReply(interaction, interaction.message.flags.has(MessageFlags.Ephemeral), context))) return;
  await answerTurn(interaction, context, {
    sessionId: pressed.sessionId,
    input: { action: pressed.actionId, requester: `discord:${interaction.user.id}` },
  });
}
