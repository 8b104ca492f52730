import { ComponentType, MessageFlags, TextInputStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { DiscordContext } from './context.js';
import { textModalId } from './custom-id.js';
import { describeError } from './log.js';
import { refusedAsNotTheirs } from './owner.js';
import { answerTurn, deferReply } from './turn.js';

/** Discord's limits: a modal's title and a label 45 characters, a description 100, a text input 4,000. */
const TITLE = 'Reply to updoc';
export const TEXT_BOX_LABEL = 'Paste a log line or add details';
const DESCRIPTION = 'It continues this conversation; while the support team has it, it goes to them.';
const FIELD = 'text';
const MAX_TEXT = 4_000;

/** The text button: a modal with one text box, whose answer continues the conversation. */
export async function openTextBox(interaction: ButtonInteraction, sessionId: string, context: DiscordContext): Promise<void> {
  if (await refusedAsNotTheirs(interaction, context)) return;
  await interaction
    .showModal({
      custom_id: textModalId(sessionId),
      title: TITLE,
      components: [
        {
          type: ComponentType.Label,
          label: TEXT_BOX_LABEL,
          description: DESCRIPTION,
          component: { type: ComponentType.TextInput, custom_id: FIELD, style: TextInputStyle.Paragraph, min_length: 1, max_length: MAX_TEXT, required: true },
        },
      ],
    })
    .catch((error: unknown) => context.log.warn({ ...describeError(error), interaction: interaction.id }, 'could not open the text box'));
}

/** What the person wrote in the text box: the next turn, answered in a new message as private as the one they replied to. */
export async function handleTextBox(interaction: ModalSubmitInteraction, sessionId: string, context: DiscordContext): Promise<void> {
  if (await refusedAsNotTheirs(interaction, context)) return;
  const text = interaction.fields.getTextInputValue(FIELD);
  const ephemeral = interaction.message?.flags.has(MessageFlags.Ephemeral) ?? false;
  if (!(await deferReply(interaction, ephemeral, context))) return;
  await answerTurn(interaction, context, { sessionId, input: { text, requester: `discord:${interaction.user.id}` }, ephemeral });
}
