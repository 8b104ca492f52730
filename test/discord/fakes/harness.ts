import { Bot } from '../../../src/core/bot.js';
import type { ProbeFindings, ProbeStep, ProberPort, ScreenshotReaderPort } from '../../../src/core/ports.js';
import { connectDiscord, type DiscordConnection } from '../../../src/channels/discord/client.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { CONTACT_ONLY, realDiagnoser } from '../../helpers/conversation.js';
import { FakeCdn } from './fake-cdn.js';
import { FakeGateway } from './fake-gateway.js';
import { FakeDiscordRest } from './fake-rest.js';
import { APPLICATION_ID, type SentInteraction } from './payloads.js';
import { RecordingLog } from './recording-log.js';

export const TOKEN = 'fake-bot-token-for-tests-only';

/** The real discord.js client and the real bot, connected to a fake Discord on 127.0.0.1. */
export class DiscordHarness {
  private constructor(
    readonly gateway: FakeGateway,
    readonly rest: FakeDiscordRest,
    readonly cdn: FakeCdn,
    readonly log: RecordingLog,
    readonly store: MemoryStore,
    readonly bot: Bot,
    readonly discord: DiscordConnection,
  ) {}

  static async start(options: { reader?: ScreenshotReaderPort; prober?: ProberPort } = {}): Promise<DiscordHarness> {
    const gateway = await FakeGateway.start(APPLICATION_ID);
    const rest = await FakeDiscordRest.start(gateway.url);
    const cdn = await FakeCdn.start();
    const log = new RecordingLog();
    const store = new MemoryStore();
    const bot = new Bot({ diagnoser: realDiagnoser(), store, handoff: CONTACT_ONLY, ...options });
    const discord = await connectDiscord({ token: TOKEN, apiUrl: rest.apiUrl, bot, log, screenshotOrigins: [cdn.origin] });
    return new DiscordHarness(gateway, rest, cdn, log, store, bot, discord);
  }

  /** Delivers an interaction over the gateway, as Discord does when someone uses the command. */
  send(interaction: SentInteraction): SentInteraction {
    this.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    return interaction;
  }

  async close(): Promise<void> {
    await this.discord.stop();
    await Promise.all([this.gateway.close(), this.rest.close(), this.cdn.close()]);
  }
}

/** Reads every screenshot as the same text and remembers what it was given. */
export class ScriptedReader implements ScreenshotReaderPort {
  readonly images: { bytes: Buffer; filename?: string }[] = [];

  constructor(private readonly text: string) {}

  read(image: Buffer, options: { filename?: string } = {}): Promise<{ text: string }> {
    this.images.push({ bytes: image, ...options });
    return Promise.resolve({ text: this.text });
  }
}

/** A live check that reports two steps and then a 502 from the site, without touching the network. */
export class ScriptedProber implements ProberPort {
  readonly urls: string[] = [];

  probe(url: string, options: { onProgress?: (step: ProbeStep) => void } = {}): Promise<ProbeFindings> {
    this.urls.push(url);
    options.onProgress?.({ step: 'dns', ok: true, detail: 'DNS' });
    options.onProgress?.({ step: 'connect', ok: true, detail: 'connect' });
    return Promise.resolve({ url, verdict: 'gateway_error', status: 502, vendor: 'unknown', cause: 'unknown', dns: 'resolved', pattern: 'steady', error: null, summary: 'it answered **502 Bad Gateway**.' });
  }
}
