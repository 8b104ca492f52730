import { MessageFlags, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { DiscordContext } from './context.js';
import { describeError } from './log.js';

const NOT_YOURS = 'This conversation belongs to someone else. Start your own with `/updoc`.';

/**
 * In a shared channel anyone can press a conversation's buttons; only the person who asked
 * continues it. True (and the presser told so, privately) when someone else pressed.
 */
export async function refusedAsNotTheirs(interaction: ButtonInteraction | ModalSubmitInteraction, context: DiscordContext): Promise<boolean> {
  const owner = interaction.message?.interactionMetadata?.user.id;
  if (!owner || owner === interaction.user.id) return false;
  await interaction.reply({ content: NOT_YOURS, flags: MessageFlags.Ephemeral }).catch((error: unknown) => {
    context.log.warn({ ...describeError(error), interaction: interaction.id }, 'could not answer a button');
  });
  return true;
}
