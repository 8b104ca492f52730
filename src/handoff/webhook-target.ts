import type { HandoffTarget } from './dispatcher.js';
import { postJson } from './post-json.js';

/**
 * POSTs the whole packet as JSON (with the handoff's id, also sent as Idempotency-Key: a receiver
 * may see a packet twice when a process dies between the receiver's answer and the outbox update).
 */
export function webhookTarget(url: string): HandoffTarget {
  return {
    name: 'webhook',
    async deliver({ id, packet }, signal) {
      const response = await postJson(url, { id, ...packet }, signal, { 'idempotency-key': id });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the handoff webhook answered ${response.status}`);
    },
  };
}
