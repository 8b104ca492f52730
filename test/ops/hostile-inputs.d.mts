import type { Arbitrary } from 'fast-check';
import type { Reply } from '../../src/core/reply/model.js';
import type { TurnInput } from '../../src/core/bot.js';

export interface HostileRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export const hostileText: Arbitrary<string>;
export const actionIds: Arbitrary<string>;
export const turns: Arbitrary<{ sessionId: string; input: TurnInput }>;
export function nestedJson(depth: number): Arbitrary<string>;
export const apiRequests: Arbitrary<HostileRequest>;
export const REPLY_KINDS: readonly Reply['kind'][];
export function replyProblem(reply: unknown): string | undefined;
export function responseProblem(response: { statusCode: number; body: string; headers: Record<string, unknown> }): string | undefined;
export function fuzzRuns(total: number): { analyze: number; turns: number; api: number };
