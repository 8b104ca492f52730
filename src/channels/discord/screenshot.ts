import type { Attachment } from 'discord.js';

/** Where Discord serves attachments; a screenshot is fetched from nowhere else. */
export const DISCORD_CDN_ORIGINS: readonly string[] = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const BYTE_LIMIT = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 20_000;

type ScreenshotDownload = { image: { bytes: Buffer; filename: string } } | { refused: string };

/** Fetches a `screenshot` option's file, or says (for the person) why it was left out. */
export async function downloadScreenshot(
  attachment: Pick<Attachment, 'url' | 'name' | 'size' | 'contentType'>,
  allowedOrigins: readonly string[],
): Promise<ScreenshotDownload> {
  const { name } = attachment;
  const type = attachment.contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type || !IMAGE_TYPES.includes(type)) return { refused: `I can read PNG, JPEG or WebP screenshots; ${name} is ${type ?? 'of an unknown type'}.` };
  if (attachment.size > BYTE_LIMIT) return { refused: tooLarge(name) };
  if (!allowedOrigins.includes(originOf(attachment.url))) return { refused: `${name} is not on Discord's CDN, so I left it out.` };
  try {
    // No redirects: the allowed origin is the only place the bytes may come from.
    const response = await fetch(attachment.url, { redirect: 'error', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok || !response.body) return { refused: `I could not download ${name} (HTTP ${response.status}).` };
    const reader = response.body.getReader();
    const chunks: Buffer[] = [];
    let total = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      total += read.value.byteLength;
      if (total > BYTE_LIMIT) {
        await reader.cancel();
        return { refused: tooLarge(name) };
      }
      chunks.push(Buffer.from(read.value));
    }
    return { image: { bytes: Buffer.concat(chunks), filename: name } };
  } catch {
    return { refused: `I could not download ${name}.` };
  }
}

const tooLarge = (name: string) => `${name} is larger than 10 MB, so I left it out.`;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
