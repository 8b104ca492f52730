import type { Interaction } from 'discord.js';
import { handleButton } from './buttons.js';
import type { DiscordCommand } from './command.js';
import type { DiscordContext } from './context.js';
import { parseButtonId, parseTextId } from './custom-id.js';
import { describeError } from './log.js';
import { handleTextBox, openTextBox } from './text-box.js';

/** Sends each interaction to its command, the buttons or the text box; nothing that goes wrong escapes. */
export function routeInteractions(commands: ReadonlyMap<string, DiscordCommand>, context: DiscordContext) {
  return async (interaction: Interaction): Promise<void> => {
    try {
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (command) await command.execute(interaction, context);
        else context.log.warn({ command: interaction.commandName }, 'unknown command (registered by another version? run "updoc discord register")');
      } else if (interaction.isButton()) {
        const pressed = parseButtonId(interaction.customId);
        const textFor = parseTextId(interaction.customId, 'button');
        if (pressed) await handleButton(interaction, pressed, context);
        else if (textFor) await openTextBox(interaction, textFor, context);
      } else if (interaction.isModalSubmit()) {
        const textFor = parseTextId(interaction.customId, 'modal');
        if (textFor) await handleTextBox(interaction, textFor, context);
      }
    } catch (error) {
      context.log.error({ ...describeError(error), interaction: interaction.id }, 'could not handle an interaction');
    }
  };
}
