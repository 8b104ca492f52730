/**
 * The reply model's light markdown (bold, italics, `code`, "- " and "1. " lists) is a subset of
 * Discord's, so it passes through. What Discord alone would read (spoilers, strikes, underlines,
 * headings, quotes, mentions and timestamps) is escaped: quoted evidence must show as written.
 */
export function toDiscordMarkdown(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : escapeDiscordOnly(part)))
    .join('');
}

function escapeDiscordOnly(text: string): string {
  return text
    .replace(/(\|\||~~|__)/g, (mark) => `\\${mark[0]}\\${mark[1]}`)
    .replace(/<(?=[@#]|t:|\/|a?:\w+:)/g, '\\<')
    .replace(/^([ \t]*)(#{1,3} |-# |>)/gm, '$1\\$2');
}

/**
 * Someone's words shown exactly as written (a staff reply): every character Discord would read
 * as markdown, a mention or a timestamp is escaped.
 */
export function escapeDiscordText(text: string): string {
  return text.replace(/[\\*_~`|>#\-[\]()<:]/g, (mark) => `\\${mark}`);
}
