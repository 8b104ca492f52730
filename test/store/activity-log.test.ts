import { describe, expect, it } from 'vitest';
import { SWEEP_EVERY_MS } from '../../src/store/store.js';
import { feedback, handoff, turn } from './helpers/records.js';
import { DAY, redisForSuite, memoryKind, redisKind, sqliteKind, type StoreKind } from './helpers/stores.js';

const redis = redisForSuite();

/** The contract every activity log keeps: durable records, read back by time, swept by age, and the handoff outbox. */
function activityContract({ name, open, durable }: StoreKind) {
  describe(`${name} activity log`, () => {
    it('gives back turns, feedback and handoffs from a moment on, oldest first, keeping equal records apart', async () => {
      const store = await open(() => 10_000);
      for (const at of [3_000, 1_000, 2_000, 2_000]) await store.recordTurn(turn(at));
      await store.recordFeedback(feedback(1_500, 'down', { reply: 'an earlier answer' }));
      await store.recordFeedback(feedback(2_500));
      await store.recordHandoff(handoff(2_600));
      const since = await store.activitySince(2_000);
      expect(since.turns.map((t) => t.at)).toEqual([2_000, 2_000, 3_000]);
      expect(since.turns[2]).toEqual(turn(3_000));
      expect(since.feedback).toEqual([feedback(2_500)]);
      expect(since.handoffs).toEqual([handoff(2_600)]);
      expect((await store.activitySince(0)).turns).toHaveLength(4);
      await store.close();
    });

    it('counts feedback on one answer of a conversation once: the first press stands', async () => {
      const store = await open(() => 10_000);
      await store.recordFeedback(feedback(1_000, 'up'));
      await store.recordFeedback(feedback(1_001, 'up'));
      await store.recordFeedback(feedback(1_002, 'down'));
      await store.recordFeedback(feedback(1_003, 'up', { reply: 'the next answer' }));
      await store.recordFeedback(feedback(1_004, 'up', { sessionId: 'another conversation' }));
      const { feedback: recorded } = await store.activitySince(0);
      expect(recorded.map((f) => [f.sessionId, f.reply, f.at])).toEqual([
        ['s', 'the answer', 1_000],
        ['s', 'the next answer', 1_003],
        ['another conversation', 'the answer', 1_004],
      ]);
      await store.close();
    });

    it('keeps at most the newest maxTurns turns, whatever their age, from its next sweep on', async () => {
      let now = 10_000;
      const store = await open(() => now, { maxTurns: 1_000 });
      for (let i = 0; i < 1_200; i += 1) await store.recordTurn(turn(now + i));
      now += SWEEP_EVERY_MS;
      await store.recordTurn(turn(now));
      const { turns } = await store.activitySince(0);
      expect(turns).toHaveLength(1_000);
      expect(turns.at(-1)?.at).toBe(now);
      expect(turns[0]?.at).toBe(10_000 + 201);
      await store.close();
    });

    it('sweeps out records older than the retention (90 days by default), handoffs in the outbox too', async () => {
      let now = 0;
      const store = await open(() => now);
      await store.recordTurn(turn(0));
      await store.recordFeedback(feedback(0));
      await store.recordHandoff(handoff(0));
      now = 91 * DAY;
      await store.recordTurn(turn(now));
      const all = await store.activitySince(0);
      expect(all.turns.map((t) => t.at)).toEqual([now]);
      expect(all.feedback).toEqual([]);
      expect(all.handoffs).toEqual([]);
      expect(await store.pendingHandoffs(10)).toEqual([]);
      await store.close();
    });

    it('keeps each handoff in the outbox, with the targets that took it, until it is closed', async () => {
      const store = await open(() => 10_000);
      await store.recordHandoff(handoff(1_000, 'first'));
      await store.recordHandoff(handoff(2_000, 'second'));
      const [first, second] = await store.pendingHandoffs(10);
      expect(first?.packet).toEqual(handoff(1_000, 'first'));
      expect(first?.deliveredTo).toEqual([]);
      expect(second?.packet.sessionId).toBe('second');
      expect(first?.id).not.toBe(second?.id);

      await store.markDelivered(first?.id ?? '', 'webhook');
      await store.markDelivered(first?.id ?? '', 'webhook');
      expect((await store.pendingHandoffs(10))[0]?.deliveredTo).toEqual(['webhook']);
      expect(await store.pendingHandoffs(1)).toHaveLength(1);

      await store.closeHandoff(first?.id ?? '');
      expect((await store.pendingHandoffs(10)).map((h) => h.packet.sessionId)).toEqual(['second']);
      expect((await store.activitySince(0)).handoffs).toHaveLength(2);
      await store.close();
    });

    it('links a conversation and its support thread both ways', async () => {
      const store = await open(() => 10_000);
      await store.linkThread('conversation-a', 'C0SUPPORT:1700000001.000100', 9_000);
      await store.linkThread('conversation-b', 'C0SUPPORT:1700000002.000100', 9_500);
      expect(await store.sessionOfThread('C0SUPPORT:1700000001.000100')).toBe('conversation-a');
      expect(await store.threadOfSession('conversation-b')).toBe('C0SUPPORT:1700000002.000100');
      expect(await store.sessionOfThread('C0SUPPORT:1700000003.000100')).toBeUndefined();
      expect(await store.threadOfSession('conversation-c')).toBeUndefined();
      await store.close();
    });

    if (durable) {
      it('still has a support thread link when opened again', async () => {
        const { first, reopen } = await durable.openShared(() => 10_000);
        await first.linkThread('kept', 'C1:1.2', 9_000);
        await first.close();
        const again = await reopen();
        expect([await again.sessionOfThread('C1:1.2'), await again.threadOfSession('kept')]).toEqual(['kept', 'C1:1.2']);
        await again.close();
      });

      it('still has the records and the outbox when opened again', async () => {
        const { first, reopen } = await durable.openShared(() => 10_000);
        await first.recordTurn(turn(1_000));
        await first.recordFeedback(feedback(1_000));
        await first.recordHandoff(handoff(1_000));
        await first.close();
        const again = await reopen();
        const all = await again.activitySince(0);
        expect([all.turns.length, all.feedback.length, all.handoffs.length]).toEqual([1, 1, 1]);
        expect((await again.pendingHandoffs(10)).map((h) => h.packet)).toEqual([handoff(1_000)]);
        await again.close();
      });
    }
  });
}

activityContract(memoryKind());
activityContract(sqliteKind());
activityContract(sqliteKind(true));
activityContract(redisKind(() => redis().url));
