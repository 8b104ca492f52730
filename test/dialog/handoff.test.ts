import { describe, expect, it } from 'vitest';
import { Bot, type BotHandoff } from '../../src/core/bot.js';
import type { ActivityLog, DeskNote, HandoffPacket, OutOfTurnDelivery } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/reply/model.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { realDiagnoser } from '../helpers/conversation.js';

const QUESTION = 'my shop on nginx shows 502 bad gateway';
const CONTACT = 'help@example.com';

/** The activity log as the people taking over see it: the packets handed to them. */
class Packets implements ActivityLog {
  readonly packets: HandoffPacket[] = [];
  async recordTurn(): Promise<void> {}
  async recordFeedback(): Promise<void> {}
  async recordHandoff(packet: HandoffPacket): Promise<void> {
    this.packets.push(packet);
  }
}

/** The staff's side: what reached the support thread; it can be made to fail. */
class Desk {
  readonly notes: { sessionId: string; note: DeskNote }[] = [];
  failing = false;
  async tell(sessionId: string, note: DeskNote): Promise<void> {
    if (this.failing) throw new Error('Slack is away');
    this.notes.push({ sessionId, note });
  }
}

/** The person's side: what was delivered to them outside their turns. */
class Outlet {
  readonly deliveries: OutOfTurnDelivery[] = [];
  refusing: string | undefined;
  async deliver(delivery: OutOfTurnDelivery): Promise<void> {
    if (this.refusing) throw new Error(this.refusing);
    this.deliveries.push(delivery);
  }
}

function setUp(handoff: Partial<BotHandoff> & Pick<BotHandoff, 'reach'>) {
  const store = new MemoryStore();
  const activity = new Packets();
  const bot = new Bot({ diagnoser: realDiagnoser(), store, activity, handoff });
  const last = async (id: string, input: { text?: string; action?: string; requester?: string; contact?: { email: string } }): Promise<Reply> => {
    const replies = await bot.handleTurn(id, input);
    return replies.at(-1) ?? expect.fail('no reply');
  };
  return { bot, store, activity, last };
}

describe('a request for a person promises only what the configuration delivers', () => {
  it('with no handoff target: no promise of a reply, the support contact instead, nothing recorded', async () => {
    const { last, activity, store } = setUp({ reach: 'none', contact: CONTACT });
    await last('none', { text: QUESTION });
    const reply = await last('none', { action: 'human' });
    expect(reply.kind).toBe('handoff');
    expect(reply.text).not.toMatch(/will (?:reply|answer)|someone will|get back to you/i);
    expect(reply.text).toContain(`You can reach the support team at ${CONTACT}.`);
    expect(activity.packets).toEqual([]);
    expect((await store.load('none'))?.handedOff).toBe(false);
    // The "Talk to a person" button does not ask for an email nobody would read.
    expect((await last('none', { text: QUESTION })).actions.find((a) => a.role === 'handoff')?.asksContact).toBeUndefined();
  });

  it('with neither a handoff target nor a contact: no "Talk to a person" button, and a typed request is answered honestly', async () => {
    const { last } = setUp({ reach: 'none' });
    const answer = await last('nowhere', { text: QUESTION });
    expect(answer.actions.map((a) => a.role)).not.toContain('handoff');
    const reply = await last('nowhere', { text: 'can I talk to a real person please' });
    expect(reply.kind).toBe('handoff');
    expect(reply.text).toMatch(/can't pass this conversation to a person/);
    expect(reply.actions.map((a) => a.role)).not.toContain('handoff');
  });

  it('with a webhook only: the packet goes, the person learns nobody answers in the chat, and where they may hear back', async () => {
    const { last, activity } = setUp({ reach: 'packet' });
    const answer = await last('packet', { text: QUESTION });
    expect(answer.actions.find((a) => a.role === 'handoff')).toMatchObject({ id: 'human', asksContact: true });
    const reply = await last('packet', { action: 'human', contact: { email: 'ada@example.com' } });
    expect(reply.text).toMatch(/can't answer in this chat/);
    expect(reply.text).toContain('They can write to you at ada@example.com.');
    expect(activity.packets).toHaveLength(1);
    expect(activity.packets[0]?.contact).toEqual({ email: 'ada@example.com' });
  });
});

describe('a handoff the support team answers in the conversation', () => {
  async function handedOver() {
    const desk = new Desk();
    const outlet = new Outlet();
    const running = setUp({ reach: 'conversation', desk, outlet });
    await running.last('live', { text: QUESTION, requester: 'discord:42' });
    const reply = await running.last('live', { action: 'human', requester: 'discord:42' });
    return { ...running, desk, outlet, reply };
  }

  it('promises an answer here, opens the handoff and offers the way back', async () => {
    const { reply, activity, store } = await handedOver();
    expect(reply.text).toMatch(/answer right here/);
    expect(reply.handoff).toBe('open');
    expect(reply.actions).toEqual([{ id: 'bot', label: 'Back to the bot', role: 'back' }]);
    expect(activity.packets).toHaveLength(1);
    expect((await store.load('live'))?.handoff).toEqual({ open: true, requester: 'discord:42', joined: [], seq: 0 });
  });

  it('stays quiet while it is open: messages go to the staff, buttons are put off', async () => {
    const { last, desk } = await handedOver();
    const receipt = await last('live', { text: 'hello? anyone there?' });
    expect(receipt.kind).toBe('handoff');
    expect(receipt.text).toMatch(/^(?:Sent|Passed on) to the support team/);
    expect(receipt.actions.map((a) => a.id)).toEqual(['bot']);
    const pressed = await last('live', { action: 'fact:upstream:node' });
    expect(pressed.text).toMatch(/talking with the support team now/);
    expect(desk.notes).toEqual([{ sessionId: 'live', note: { type: 'message', text: 'hello? anyone there?' } }]);
  });

  it("delivers a staff member's words, after saying who joined, where the person is", async () => {
    const { bot, outlet, store } = await handedOver();
    expect(await bot.staffMessage('live', { text: 'Hi, I am looking at your nginx config now.', author: 'Alex' })).toEqual({ status: 'delivered' });
    expect(await bot.staffMessage('live', { text: 'Found it: PHP-FPM was stopped.', author: 'Alex' })).toEqual({ status: 'delivered' });
    expect(outlet.deliveries.map((d) => ({ requester: d.requester, messages: d.messages.map((m) => (m.from === 'staff' ? `${m.author}: ${m.text}` : m.reply.text)) }))).toEqual([
      { requester: 'discord:42', messages: ['Alex from the support team has joined the conversation.', 'Alex: Hi, I am looking at your nginx config now.'] },
      { requester: 'discord:42', messages: ['Alex: Found it: PHP-FPM was stopped.'] },
    ]);
    const transcript = (await store.load('live'))?.transcript ?? [];
    expect(transcript.filter((t) => t.seq !== undefined).map((t) => [t.from, t.seq])).toEqual([['bot', 1], ['staff', 2], ['staff', 3]]);
  });

  it('tells the person to send again when the staff could not be told', async () => {
    const { last, desk } = await handedOver();
    desk.failing = true;
    const reply = await last('live', { text: 'the log says connect() failed' });
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/couldn't pass that on/);
  });

  it('goes back to the bot: the staff are told, their later words are refused, and a new request brings them back', async () => {
    const { bot, last, desk, outlet } = await handedOver();
    const back = await last('live', { action: 'bot' });
    expect(back.kind).toBe('answer');
    expect(back.handoff).toBe('closed');
    expect(desk.notes.at(-1)?.note).toEqual({ type: 'returned_to_bot' });
    expect((await last('live', { text: 'it runs on php-fpm' })).kind).not.toBe('handoff');
    expect(await bot.staffMessage('live', { text: 'still there?', author: 'Alex' })).toEqual({ status: 'closed' });
    expect(outlet.deliveries).toEqual([]);

    const again = await last('live', { action: 'human' });
    expect(again.text).toMatch(/come back to this conversation/);
    expect(again.handoff).toBe('open');
    expect(desk.notes.at(-1)?.note).toEqual({ type: 'asked_again' });
  });

  it("reports a person who cannot be reached, and a conversation that expired, to the staff", async () => {
    const { bot, outlet } = await handedOver();
    outlet.refusing = 'the Discord interaction expired and direct messages are closed';
    expect(await bot.staffMessage('live', { text: 'hello', author: 'Alex' })).toEqual({ status: 'unreachable', reason: outlet.refusing });
    expect(await bot.staffMessage('never-was', { text: 'hello', author: 'Alex' })).toEqual({ status: 'expired' });
  });
});
