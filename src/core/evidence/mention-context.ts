/**
 * A product named in passing is weak evidence, and the words around the name can cancel it ("we
 * moved away from Cloudflare", "I am not using Heroku") or make it strong ("Varnish returned a
 * 502", "502s from the ALB"). These read the sentence around a mention.
 */

const BEFORE_CHARS = 60;
const AFTER_CHARS = 60;
/** Words that may stand between a cue and the name: "removed the old Cloudflare", "not on our Heroku". */
const FILLER = String.raw`(?:(?:the|a|an|our|my|their|any|old|free|plan|proxy|setup)\s+){0,3}`;

const NEGATED_BEFORE = new RegExp(
  String.raw`\b(?:(?:am|are|is|was|were|do|does|did|have|has|had)(?: not|n't)|not|never|no longer|stopped|quit)\s+(?:using|use|behind|on|running|run|have|with|through|via|involving|involved with|hosting on|hosted on)\s+` +
    FILLER +
    String.raw`$|\b(?:without|no|removed|removing|remove|dropped|dropping|disabled|disabling|turned off|turning off|got rid of|getting rid of|moved (?:away )?(?:from|off)|moving (?:away )?(?:from|off)|migrated (?:away )?(?:from|off)|migrating (?:away )?(?:from|off)|switched (?:away )?from|switching (?:away )?from|left|leaving|instead of|rather than|replaced|replacing|ditched|bypassed|bypassing|paused)\s+` +
    FILLER +
    '$',
  'i',
);
const NEGATED_AFTER = /^(?:['’]s)?\s*(?:is|was|are|were|has been|had been)?\s*(?:not (?:involved|used|in front|in the (?:path|chain|way)|the (?:problem|issue|cause)|enabled|active|running)|n['’]t (?:involved|used|in front|in the (?:path|chain|way)|the (?:problem|issue|cause)|enabled|active|running)|disabled|turned off|paused|removed|gone|out of the (?:picture|path|chain))\b/i;

const ERROR_WORDS = String.raw`(?:50[234]s?|52\d|bad gateway|gateway (?:error|time-?out)s?|proxy errors?|errors?)`;
const ATTRIBUTED_AFTER = new RegExp(
  String.raw`^(?:['’]s)?\s*(?:\w+\s+){0,2}?(?:(?:is|keeps?|kept|started|starts)\s+)?(?:returns?|returned|returning|gives?|gave|giving|throws?|threw|throwing|shows?|showed|showing|reports?|reported|reporting|responds?|responded|responding|serves?|served|serving|answers?|answered|spits? out|fails? with|failed with)\b[^.!?\n]{0,30}?\b` +
    ERROR_WORDS +
    String.raw`|^(?:['’]s)?\s+(?:50[234]|52\d)\b`,
  'i',
);
const ATTRIBUTED_BEFORE = new RegExp(String.raw`\b${ERROR_WORDS}\s+(?:\w+\s+)?(?:from|by|at)\s+(?:the\s+|my\s+|our\s+)?$`, 'i');

/** The part of the sentence before and after a match (a line break or a full stop ends a sentence). */
function around(text: string, start: number, end: number): { before: string; after: string } {
  const before = text.slice(Math.max(0, start - BEFORE_CHARS), start);
  const after = text.slice(end, end + AFTER_CHARS);
  return { before: before.slice(Math.max(before.lastIndexOf('\n'), before.search(/[.!?;](?=[^.!?;]*$)/)) + 1), after: after.split(/\n|[.!?;](?:\s|$)/)[0] ?? '' };
}

export type MentionReading = 'negated' | 'attributed' | 'plain';

/** Whether the sentence around a product's name denies it, blames it for the error, or neither. */
export function readMention(text: string, start: number, end: number): MentionReading {
  const { before, after } = around(text, start, end);
  if (NEGATED_BEFORE.test(before) || NEGATED_AFTER.test(after)) return 'negated';
  if (ATTRIBUTED_AFTER.test(after) || ATTRIBUTED_BEFORE.test(before)) return 'attributed';
  return 'plain';
}
