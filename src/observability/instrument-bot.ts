import type { TurnHandler, TurnInput } from '../core/bot.js';
import type { Reply } from '../core/reply/model.js';
import type { Metrics } from './metrics.js';

export type Channel = 'web' | 'slack' | 'discord';

/** The bot as one channel sees it, with every turn counted and timed in `metrics` under the channel's name. */
export function instrumentBot(bot: TurnHandler, metrics: Metrics, channel: Channel): TurnHandler {
  return {
    session: (sessionId) => bot.session(sessionId),
    staffMessage: (sessionId, message) => bot.staffMessage(sessionId, message),
    handleTurn: async (sessionId: string, input: TurnInput, onReply?: (reply: Reply) => void) => {
      const stopTurn = metrics.turnSeconds.startTimer({ channel });
      const stopScreenshot = input.image ? metrics.screenshotSeconds.startTimer() : undefined;
      try {
        const replies = await bot.handleTurn(sessionId, input, onReply);
        record(replies, metrics, channel);
        return replies;
      } finally {
        stopTurn();
        stopScreenshot?.();
      }
    },
  };
}

function record(replies: readonly Reply[], metrics: Metrics, channel: Channel): void {
  const final = replies.at(-1);
  if (final) metrics.turns.inc({ channel, kind: final.kind, intent: final.diagnosis.intent });
  for (const reply of replies) {
    if (reply.probe !== undefined) metrics.probes.inc({ verdict: verdictOf(reply.probe) });
  }
}

/** The probe report is opaque to the reply model; its verdict is read defensively. */
function verdictOf(probe: unknown): string {
  const verdict = (probe as { verdict?: unknown } | null)?.verdict;
  return typeof verdict === 'string' ? verdict : 'unknown';
}
