import type { Bot, TurnInput } from '../core/bot.js';
import type { Reply } from '../core/reply/model.js';
import type { Metrics } from './metrics.js';

/** What a channel needs of the bot: its turns, and a look at a stored conversation. */
export type TurnHandler = Pick<Bot, 'handleTurn' | 'session'>;

/** The bot as a channel sees it, with every turn counted and timed in `metrics`. */
export function instrumentBot(bot: TurnHandler, metrics: Metrics): TurnHandler {
  return {
    session: (sessionId) => bot.session(sessionId),
    handleTurn: async (sessionId: string, input: TurnInput, onReply?: (reply: Reply) => void) => {
      const stopTurn = metrics.turnSeconds.startTimer();
      const stopScreenshot = input.image ? metrics.screenshotSeconds.startTimer() : undefined;
      try {
        const replies = await bot.handleTurn(sessionId, input, onReply);
        record(replies, metrics);
        return replies;
      } finally {
        stopTurn();
        stopScreenshot?.();
      }
    },
  };
}

function record(replies: readonly Reply[], metrics: Metrics): void {
  const final = replies.at(-1);
  if (final) metrics.turns.inc({ kind: final.kind, intent: final.diagnosis.intent });
  for (const reply of replies) {
    if (reply.probe !== undefined) metrics.probes.inc({ verdict: verdictOf(reply.probe) });
  }
}

/** The probe report is opaque to the reply model; its verdict is read defensively. */
function verdictOf(probe: unknown): string {
  const verdict = (probe as { verdict?: unknown } | null)?.verdict;
  return typeof verdict === 'string' ? verdict : 'unknown';
}
