import type { webApi } from '@slack/bolt';

/** The parts of a Slack file object updoc reads. */
export interface SlackFile {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export const SCREENSHOT_MAX_BYTES = 10 * 1024 * 1024;
export const SLACK_FILE_ORIGIN = 'https://files.slack.com';

/** A screenshot that could not be fetched, with a message for the person. */
export class ScreenshotError extends Error {}

/**
 * Fetches the first image shared with a message, with the bot token, only from Slack's file host
 * (or the configured API's own origin: a proxy or a test fake) so the token never goes elsewhere.
 */
export class ScreenshotFetcher {
  constructor(
    private readonly allowedOrigins: readonly string[],
    private readonly maxBytes = SCREENSHOT_MAX_BYTES,
  ) {}

  /** The image to read, or undefined when none of the files is an image. */
  async fetch(files: readonly SlackFile[] | undefined, client: webApi.WebClient, token: string): Promise<{ bytes: Buffer; filename?: string } | undefined> {
    const shared = files?.find((f) => !f.mimetype || f.mimetype.startsWith('image/'));
    if (!shared) return undefined;
    // Files from Slack Connect channels arrive as bare ids ("file_access": "check_file_info").
    const file = shared.url_private_download || shared.url_private ? shared : await this.describe(shared.id, client);
    if (!file.mimetype?.startsWith('image/')) return undefined;
    if ((file.size ?? 0) > this.maxBytes) throw new ScreenshotError(this.tooLarge());
    const url = file.url_private_download ?? file.url_private;
    if (!url || !this.allowedOrigins.includes(originOf(url))) {
      throw new ScreenshotError("I can't open that file: it is not stored on Slack's file server.");
    }
    const bytes = await this.download(url, token);
    return { bytes, ...(file.name ? { filename: file.name } : {}) };
  }

  private async describe(id: string, client: webApi.WebClient): Promise<SlackFile> {
    const { file } = await client.files.info({ file: id });
    if (!file?.id) throw new ScreenshotError("I can't see that file: Slack did not describe it.");
    return file as SlackFile;
  }

  private async download(url: string, token: string): Promise<Buffer> {
    // A redirect here means Slack sent a sign-in page instead of the file: no token must follow it.
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
    if (response.status !== 200 || !response.body) {
      throw new ScreenshotError(`Slack did not hand me the file (HTTP ${response.status}); the app may lack the files:read scope.`);
    }
    if (Number(response.headers.get('content-length') ?? 0) > this.maxBytes) throw new ScreenshotError(this.tooLarge());
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.length;
      if (size > this.maxBytes) {
        await reader.cancel();
        throw new ScreenshotError(this.tooLarge());
      }
      chunks.push(part.value);
    }
    return Buffer.concat(chunks);
  }

  private tooLarge(): string {
    return `That screenshot is larger than ${Math.round(this.maxBytes / 1024 / 1024)} MB. Please share a smaller one, or paste the error's text.`;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
