import { SlashCommandBuilder } from 'discord.js';
import type { TurnInput } from '../../../core/bot.js';
import type { DiscordCommand } from '../command.js';
import { sessionIdFor } from '../custom-id.js';
import { downloadScreenshot } from '../screenshot.js';
import { answerTurn, deferReply } from '../turn.js';

/** `/updoc question [url] [screenshot] [private]`: starts a conversation. */
export const updoc: DiscordCommand = {
  data: new SlashCommandBuilder()
    .setName('updoc')
    .setDescription('Diagnose a "502 Bad Gateway": what it means, whose side it is on, what to try')
    .addStringOption((option) =>
      option.setName('question').setDescription('What you see or ask: the error text, a log line, a question').setRequired(true).setMaxLength(2000),
    )
    .addStringOption((option) => option.setName('url').setDescription('The address that shows the error').setMaxLength(2000))
    .addAttachmentOption((option) => option.setName('screenshot').setDescription('A screenshot of the error page (PNG, JPEG or WebP, up to 10 MB)'))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer')),

  async execute(interaction, context) {
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    if (!(await deferReply(interaction, ephemeral, context))) return;
    const question = interaction.options.getString('question', true);
    const url = interaction.options.getString('url');
    const input: TurnInput = { text: url ? `${question}\n\n${url}` : question, requester: `discord:${interaction.user.id}` };
    let note: string | undefined;
    const attachment = interaction.options.getAttachment('screenshot');
    if (attachment) {
      const download = await downloadScreenshot(attachment, context.screenshotOrigins);
      if ('image' in download) input.image = download.image;
      else note = download.refused;
    }
    await answerTurn(interaction, context, { sessionId: sessionIdFor(interaction.id), input, ephemeral, ...(note ? { note } : {}) });
  },
};
