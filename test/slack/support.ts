import { existsSync } from 'node:fs';
import { Bot, type TurnInput } from '../../src/core/bot.js';
import type { ProberPort, ScreenshotReaderPort } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/reply/model.js';
import type { SlackMessage } from '../../src/channels/slack/render.js';
import type { Running } from '../../src/runtime/bot.js';
import { loadConfig, type Config } from '../../src/runtime/config.js';
import { readWebAssets } from '../../src/runtime/web.js';
import type { WebAssets } from '../../src/channels/web/static-routes.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { MemoryHub } from '../../src/store/live-hub.js';
import { PersonOutlets } from '../../src/runtime/person-outlets.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { realDiagnoser } from '../helpers/conversation.js';
import type { ApiCall } from './fakes/fake-slack-api.js';

export const BOT_TOKEN = 'xoxb-test-token';
export const SIGNING_SECRET = 'test-signing-secret';
export const APP_TOKEN = 'xapp-test-token';

/** A probe that reports two steps, then a 502 from nginx, without touching the network. */
const prober: ProberPort = {
  async probe(url, options) {
    options?.onProgress?.({ step: 'dns', ok: true, detail: 'DNS' });
    options?.onProgress?.({ step: 'http', ok: false, detail: 'HTTP 502' });
    return { url, verdict: 'gateway_error', status: 502, vendor: 'nginx', cause: 'unknown', dns: 'resolved', pattern: 'steady', error: null, summary: 'it answers **502 Bad Gateway** from nginx.' };
  },
};

/** Reads a "screenshot" whose bytes are the page's text. */
const reader: ScreenshotReaderPort = {
  async read(image) {
    return { text: image.toString('utf8') };
  },
};

/** The real bot over the real knowledge base, with local probe and screenshot reader. */
export function testBot(): Running {
  const store = new MemoryStore();
  return { bot: new Bot({ diagnoser: realDiagnoser(), store, prober, reader }), store, outlets: new PersonOutlets(), hub: new MemoryHub(), metrics: createMetrics(), close: () => store.close() };
}

/** What updoc answers to these turns when asked directly: what the Slack thread must show. */
export async function directReplies(turns: TurnInput[]): Promise<Reply[][]> {
  const { bot } = testBot();
  const replies: Reply[][] = [];
  for (const turn of turns) replies.push(await bot.handleTurn('direct', turn));
  return replies;
}

export function slackConfig(env: Record<string, string>): Config {
  return loadConfig({ STORE_URL: 'memory:', SLACK_BOT_TOKEN: BOT_TOKEN, ...env });
}

/** The real widget assets when built; a stand-in while the widget is still being written. */
export function webAssets(): WebAssets {
  if (existsSync('dist/widget/widget.js') && existsSync('src/channels/web/public/demo.html')) return readWebAssets();
  return { demoHtml: '<!doctype html><title>updoc</title>', widgetJs: '/* widget */' };
}

/** A posted message as Slack would show it. */
export const shown = (call: ApiCall | undefined): SlackMessage => ({ text: call?.params.text as string, blocks: call?.params.blocks as SlackMessage['blocks'] });

/** The ts Slack gave a posted message. */
export const tsOf = (call: ApiCall | undefined) => String(call?.answer.ts);

/** A first message that says who is asking and what answered: updoc answers it at once. */
export const OWN_SITE = '502 Bad Gateway nginx/1.18.0 on my own site';

/** The buttons of a posted message, as a click reports them. */
export function buttonsOf(call: ApiCall | undefined): { action_id: string; value: string }[] {
  return shown(call).blocks.flatMap((block) =>
    block.type === 'actions' ? block.elements.flatMap((e) => (e.type === 'button' ? [{ action_id: e.action_id ?? '', value: e.value ?? '' }] : [])) : [],
  );
}

/** The button of a posted message that sends `value`, as a click reports it. */
export function buttonFor(call: ApiCall | undefined, value: string): { action_id: string; value: string } {
  const button = buttonsOf(call).find((b) => b.value === value);
  if (!button) throw new Error(`no button for ${value}`);
  return button;
}
