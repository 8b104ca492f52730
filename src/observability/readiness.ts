import type { Bot } from '../core/bot.js';

export interface Readiness {
  ready: boolean;
  /** What is not ready, by part, in words for the caller: empty when ready. */
  notReady: Record<string, string>;
  /** The errors behind it, for the log only: a library's message may name hosts and internals. */
  problems: { part: string; error: unknown }[];
}

const PROBE_SESSION = 'readyz-probe';

/** Ready when the knowledge base is loaded and the session store answers a lookup. */
export async function checkReadiness(bot: Pick<Bot, 'kb' | 'session'>): Promise<Readiness> {
  const notReady: Record<string, string> = {};
  const problems: Readiness['problems'] = [];
  if (bot.kb.articles.length === 0) notReady.knowledge = 'no articles are loaded';
  try {
    await bot.session(PROBE_SESSION);
  } catch (error) {
    notReady.store = 'the session store does not answer';
    problems.push({ part: 'store', error });
  }
  return { ready: Object.keys(notReady).length === 0, notReady, problems };
}
