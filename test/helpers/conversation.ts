import { expect } from 'vitest';
import { Bot } from '../../src/core/bot.js';
import type { Diagnoser } from '../../src/core/diagnose.js';
import type { SessionStore } from '../../src/core/dialog/session-store.js';
import type { SessionState } from '../../src/core/dialog/state.js';
import type { Reply } from '../../src/core/reply/model.js';
import type { ProberPort } from '../../src/core/ports.js';
import { loadConfig } from '../../src/runtime/config.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';
import { startProber } from '../../src/runtime/prober.js';
import { MemoryStore } from '../../src/store/memory-store.js';

let shared: Diagnoser | undefined;

/** The real diagnoser over the real knowledge base, trained once per test file. */

/** A hosting company's help page without a live desk: "Talk to a person" gives its support contact. */
export const CONTACT_ONLY = { reach: 'none', contact: 'help@example.com' } as const;

export function realDiagnoser(): Diagnoser {
  shared ??= loadDiagnoser();
  return shared;
}

/**
 * Drives one conversation through the bot's single entry point and checks, after every turn,
 * the promises every reply keeps: never empty, never the previous reply again, and never a
 * question whose answer the conversation already knows.
 */
export class Conversation {
  readonly replies: Reply[] = [];

  constructor(
    readonly bot: Bot,
    readonly store: SessionStore,
    readonly id = `conv-${Math.random().toString(36).slice(2)}`,
  ) {}

  /** A conversation on a bot whose requests for a person reach the support team (as a packet). */
  static start(options: { store?: SessionStore; prober?: ProberPort } = {}): Conversation {
    const store = options.store ?? new MemoryStore();
    return new Conversation(new Bot({ diagnoser: realDiagnoser(), store, handoff: { reach: 'packet' }, ...(options.prober ? { prober: options.prober } : {}) }), store);
  }

  get last(): Reply {
    const reply = this.replies.at(-1);
    if (!reply) throw new Error('no reply yet');
    return reply;
  }

  async state(): Promise<SessionState | undefined> {
    return this.store.load(this.id);
  }

  async say(text: string): Promise<Reply> {
    return this.turn({ text });
  }

  async press(action: string): Promise<Reply> {
    return this.turn({ action });
  }

  private async turn(input: { text?: string; action?: string }): Promise<Reply> {
    const before = await this.state();
    const previous = this.replies.at(-1);
    const replies = await this.bot.handleTurn(this.id, input);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(reply.text.trim().length, 'a reply is never empty').toBeGreaterThan(0);
      if (previous) expect(reply.text, 'a reply never repeats the previous one verbatim').not.toBe(previous.text);
      for (const action of reply.actions) {
        const fact = /^fact:(\w+):/.exec(action.id)?.[1];
        if (fact) expect(before?.facts[fact as keyof SessionState['facts']], `asked about ${fact}, already known`).toBeUndefined();
      }
      this.replies.push(reply);
    }
    return this.last;
  }
}

export const actionIds = (reply: Reply) => reply.actions.map((a) => a.id);

/**
 * The real live probe as conversations use it, with a resolver that records every name it is asked
 * and answers with one DNS error code (ENOTFOUND: no such name; ETIMEOUT: the DNS server is silent).
 * No test asks the system's DNS, and no request leaves the machine.
 */
export function proberWithDns(code: 'ENOTFOUND' | 'ETIMEOUT' | 'ESERVFAIL'): { prober: ProberPort; asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    throw Object.assign(new Error(`${code} ${host}`), { code });
  };
  return { prober: startProber(loadConfig({}), realDiagnoser(), { resolve }), asked };
}
