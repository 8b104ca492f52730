/** Discord's REST base; @discordjs/rest adds the version ("/v10"). */
const DISCORD_API = 'https://discord.com/api';

/** DISCORD_API_URL as @discordjs/rest wants it: no trailing slash and no version of its own. */
export function restBase(apiUrl: string | undefined): string {
  return (apiUrl ?? DISCORD_API).replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
