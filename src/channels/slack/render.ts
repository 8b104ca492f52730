import type { types } from '@slack/bolt';
import type { ActionRole, Reply, ReplyAction } from '../../core/reply/model.js';
import { checklistText } from '../../core/reply/probe-checklist.js';
import { splitMrkdwn, toMrkdwn } from './mrkdwn.js';

/** Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  sectionText: 3_000,
  blocks: 50,
  actionsPerBlock: 25,
  buttonLabel: 75,
  buttonValue: 2_000,
  /** What a notification shows is short; the blocks carry the whole reply. */
  fallbackText: 3_000,
} as const;

/**
 * Every button updoc renders has an action id with this prefix, then its role and its place
 * (`updoc:choice:0`); its value is the reply action's id.
 */
export const ACTION_PREFIX = 'updoc:';

/** The role of the button whose action id this is. */
export function roleOfActionId(actionId: string): ActionRole | undefined {
  return actionId.startsWith(ACTION_PREFIX) ? (actionId.slice(ACTION_PREFIX.length).split(':')[0] as ActionRole) : undefined;
}

export interface SlackMessage {
  /** The notification and screen-reader text. */
  text: string;
  blocks: types.KnownBlock[];
}

const TRUNCATED = '_(The rest of this reply did not fit in one Slack message.)_';

/** A reply as one Slack message: its text in sections, its actions as buttons. */
export function renderReply(reply: Pick<Reply, 'kind' | 'text' | 'actions' | 'checklist'>): SlackMessage {
  const mrkdwn = toMrkdwn(reply.text);
  const text = clip(mrkdwn, SLACK_LIMITS.fallbackText);
  if (reply.kind === 'progress') {
    const shown = reply.checklist ? toMrkdwn(checklistText(reply.checklist)) : mrkdwn;
    return { text, blocks: [context(shown)] };
  }
  const actions = actionBlocks(reply.actions.filter((a) => a.id.length <= SLACK_LIMITS.buttonValue));
  let sections = splitMrkdwn(mrkdwn, SLACK_LIMITS.sectionText);
  const room = SLACK_LIMITS.blocks - actions.length;
  if (sections.length > room) sections = [...sections.slice(0, room - 1), TRUNCATED];
  return { text, blocks: [...sections.map(section), ...actions] };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** A line of small grey text. */
export function context(mrkdwn: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, SLACK_LIMITS.sectionText) }] };
}

function actionBlocks(actions: readonly ReplyAction[]): types.ActionsBlock[] {
  const blocks: types.ActionsBlock[] = [];
  for (let start = 0; start < actions.length; start += SLACK_LIMITS.actionsPerBlock) {
    const elements = actions.slice(start, start + SLACK_LIMITS.actionsPerBlock).map((action, i): types.Button => ({
      type: 'button',
      action_id: `${ACTION_PREFIX}${action.role}:${start + i}`,
      text: { type: 'plain_text', text: clip(action.label, SLACK_LIMITS.buttonLabel), emoji: true },
      value: action.id,
    }));
    blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

/**
 * At most `limit` UTF-16 units (the stricter way to count), with an ellipsis when cut; an emoji is
 * never cut in half.
 */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length >= limit) break;
    kept += char;
  }
  return `${kept.trimEnd()}…`;
}
