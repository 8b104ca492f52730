import { FACTS, type Fact } from '../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { ReplyAction } from '../reply/model.js';
import { INTENTS, type Intent } from '../taxonomy.js';

/** What a button press means. Button ids are plain strings so every channel can carry them. */
export type ParsedAction =
  | { type: 'fact'; fact: Fact; value: string }
  | { type: 'intent'; intent: Intent }
  | { type: 'more' }
  | { type: 'human' }
  | { type: 'back' }
  | { type: 'feedback'; value: 'up' | 'down' }
  | { type: 'rephrase' }
  | ProbeAction;

export const actionId = {
  fact: (fact: Fact, value: string) => `fact:${fact}:${value}`,
  intent: (intent: Intent) => `intent:${intent}`,
  more: 'more',
  human: 'human',
  back: 'bot',
  feedbackUp: 'feedback:up',
  feedbackDown: 'feedback:down',
  rephrase: 'rephrase',
  probe: (choice: number | 'none') => `probe:${choice}`,
} as const;

/** An answer to "Which address should I check?": a candidate's index, or none of them. */
export type ProbeAction = { type: 'probe'; choice: number | 'none' };

/** Reads a `probe:<index>` or `probe:none` button id. */
export function parseProbeAction(id: string): ProbeAction | undefined {
  const choice = /^probe:(none|\d{1,2})$/.exec(id)?.[1];
  if (choice === undefined) return undefined;
  return { type: 'probe', choice: choice === 'none' ? 'none' : Number(choice) };
}

export function parseAction(id: string): ParsedAction | undefined {
  const [head, a, b, ...rest] = id.split(':');
  if (rest.length > 0) return undefined;
  switch (head) {
    case 'fact':
      return (FACTS as readonly string[]).includes(a ?? '') && b ? { type: 'fact', fact: a as Fact, value: b } : undefined;
    case 'intent':
      return (INTENTS as readonly string[]).includes(a ?? '') && b === undefined ? { type: 'intent', intent: a as Intent } : undefined;
    case 'feedback':
      return (a === 'up' || a === 'down') && b === undefined ? { type: 'feedback', value: a } : undefined;
    case 'more':
    case 'human':
    case 'rephrase':
      return a === undefined ? { type: head } : undefined;
    case 'probe':
      return parseProbeAction(id);
    case actionId.back:
      return a === undefined ? { type: 'back' } : undefined;
    default:
      return undefined;
  }
}

/** Where a request for a person leads: to people (who may write back), to a contact to give, or nowhere. */
export type PersonReach = 'people' | 'contact' | 'nowhere';

/**
 * The buttons updoc puts beside its replies, labelled from knowledge/dialog.yaml. "Talk to a
 * person" is offered only where it leads somewhere; when it reaches people who may write back, a
 * channel may ask for an email.
 */
export function buttons(kb: KnowledgeBase, reach: PersonReach = 'nowhere') {
  const { buttons: labels, facts, intentLabels } = kb.dialog;
  return {
    more: (): ReplyAction => ({ id: actionId.more, label: labels.more, role: 'more' }),
    human: (): ReplyAction[] =>
      reach === 'nowhere' ? [] : [{ id: actionId.human, label: labels.human, role: 'handoff', ...(reach === 'people' ? { asksContact: true } : {}) }],
    back: (): ReplyAction => ({ id: actionId.back, label: labels.back_to_bot, role: 'back' }),
    rephrase: (): ReplyAction => ({ id: actionId.rephrase, label: labels.rephrase, role: 'choice' }),
    feedback: (): ReplyAction[] => [
      { id: actionId.feedbackUp, label: labels.helpful, role: 'feedback', sentiment: 'up' },
      { id: actionId.feedbackDown, label: labels.not_helpful, role: 'feedback', sentiment: 'down' },
    ],
    factOptions: (fact: Fact): ReplyAction[] =>
      (facts.get(fact)?.options ?? []).map((o) => ({ id: actionId.fact(fact, o.value), label: o.label, role: 'choice' })),
    intentOptions: (intents: readonly Intent[]): ReplyAction[] =>
      intents.map((intent) => ({ id: actionId.intent(intent), label: intentLabels[intent], role: 'choice' })),
  };
}
