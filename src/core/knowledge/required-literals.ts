import { regexTree, types } from './regex-tree.js';

interface Node {
  type: number;
  value?: Node | number | string;
  min?: number;
  stack?: Node[];
  options?: Node[][];
  followedBy?: boolean;
  notFollowedBy?: boolean;
}

/** Shorter literals are too common to rule anything out… */
const MIN_LITERAL = 3;
/** …except a two-character word ("UF") or a word's start with a digit ("H8" of "H80"). */
const DIGIT = /\d/;
/** Clauses kept per pattern part: alternations multiply them, and a few already rule out almost every text. */
const MAX_CLAUSES = 24;

/** Lower-case text the pattern needs; at a word's start or end when the pattern puts a `\b` there. */
export interface RequiredLiteral {
  text: string;
  wordStart?: true;
  wordEnd?: true;
}

/** Literals of which at least one must occur. */
type Clause = RequiredLiteral[];
/** Clauses that must all hold (none known: an empty list). */
type Clauses = Clause[];

export interface LiteralRequirements {
  /** The clause whose shortest literal is longest, as text: the pattern's most telling words (none when all are short). */
  strongest: string[];
  /** Every clause found, each a necessary condition for a match: the strongest first. */
  all: Clauses;
}

/** Which sides of a part of the pattern a `\b` touches. */
interface Edges {
  start: boolean;
  end: boolean;
}

const NO_EDGES: Edges = { start: false, end: false };
const WORD = /^[a-z0-9_]$/;

const strength = (clause: Clause) => Math.min(...clause.map((literal) => literal.text.length));

const tellingLiteral = ({ text, wordStart, wordEnd }: RequiredLiteral) =>
  text.length >= MIN_LITERAL || (text.length === 2 && wordStart === true && (wordEnd === true || DIGIT.test(text)));

/** A clause with a short literal in it holds in almost any text: it rules nothing out. */
const telling = (clause: Clause) => clause.every(tellingLiteral);

const isWordBoundary = (node: Node | undefined) => node?.type === types.POSITION && node.value === 'b';

const keyOf = (literal: RequiredLiteral) => `${literal.wordStart ? '\\b' : ''}${literal.text}${literal.wordEnd ? '\\b' : ''}`;

function literal(text: string, wordStart: boolean, wordEnd: boolean): RequiredLiteral {
  return {
    text,
    ...(wordStart && WORD.test(text[0] as string) ? { wordStart: true as const } : {}),
    ...(wordEnd && WORD.test(text[text.length - 1] as string) ? { wordEnd: true as const } : {}),
  };
}

/** The first clause of the greatest strength: earlier parts of a pattern win ties. */
function strongestOf(clauses: Clauses): Clause | undefined {
  let best: Clause | undefined;
  for (const clause of clauses) if (!best || strength(clause) > strength(best)) best = clause;
  return best;
}

function fromStack(stack: readonly Node[], edges: Edges): Clauses {
  const clauses: Clauses = [];
  let run = '';
  let runStart = 0;
  const flush = (at: number) => {
    if (run) {
      const start = runStart === 0 ? edges.start : isWordBoundary(stack[runStart - 1]);
      const end = at === stack.length ? edges.end : isWordBoundary(stack[at]);
      clauses.push([literal(run, start, end)]);
    }
    run = '';
  };
  stack.forEach((node, at) => {
    if (node.type === types.CHAR && typeof node.value === 'number') {
      if (!run) runStart = at;
      run += String.fromCodePoint(node.value).toLowerCase();
      return;
    }
    flush(at);
    if (node.type === types.GROUP && !node.followedBy && !node.notFollowedBy) {
      const start = at === 0 ? edges.start : isWordBoundary(stack[at - 1]);
      const end = at === stack.length - 1 ? edges.end : isWordBoundary(stack[at + 1]);
      clauses.push(...fromGroup(node, { start, end }));
    } else if (node.type === types.REPETITION && (node.min ?? 0) >= 1 && typeof node.value === 'object') {
      clauses.push(...fromNode(node.value));
    }
  });
  flush(stack.length);
  return clauses.filter(telling);
}

/** Literals once each, in the order first met. */
function union(clauses: readonly Clause[]): Clause {
  const byKey = new Map<string, RequiredLiteral>();
  for (const clause of clauses) for (const one of clause) if (!byKey.has(keyOf(one))) byKey.set(keyOf(one), one);
  return [...byKey.values()];
}

/**
 * One of several alternatives holds, so any choice of one clause per alternative, joined, is
 * required. The choice of each alternative's strongest clause comes first: it is the strongest.
 */
function fromAlternatives(alternatives: readonly Clauses[]): Clauses {
  if (alternatives.some((clauses) => clauses.length === 0)) return [];
  const combined: Clauses = [union(alternatives.map((clauses) => strongestOf(clauses) as Clause))];
  let choices: Clause[][] = [[]];
  for (const clauses of alternatives) {
    choices = choices.flatMap((choice) => clauses.map((clause) => [...choice, clause])).slice(0, MAX_CLAUSES);
  }
  for (const choice of choices) combined.push(union(choice));
  return combined;
}

function fromGroup(group: Node, edges: Edges): Clauses {
  if (group.options) return fromAlternatives(group.options.map((option) => fromStack(option, edges)));
  return fromStack(group.stack ?? [], edges);
}

function fromNode(node: Node, edges = NO_EDGES): Clauses {
  if (node.type === types.CHAR && typeof node.value === 'number') return [[literal(String.fromCodePoint(node.value).toLowerCase(), false, false)]].filter(telling);
  if (node.type === types.GROUP || node.type === types.ROOT) return fromGroup(node, edges);
  return [];
}

/** The same clause found twice (or under several choices) is checked once. */
function dedupe(clauses: Clauses): Clauses {
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const key = clause.map(keyOf).sort().join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The lower-case literals a text must hold for the pattern to match, or undefined when none can
 * be derived. A cheap search for them rules out most patterns before their regular expression
 * runs.
 */
export function requiredLiterals(pattern: string): LiteralRequirements | undefined {
  let tree: Node;
  try {
    tree = regexTree<Node>(pattern);
  } catch {
    return undefined;
  }
  const all = fromNode(tree);
  // The words OCR correction moves text towards (see ocrVocabulary) are the long literals only.
  const strongest = strongestOf(all.filter((clause) => strength(clause) >= MIN_LITERAL));
  return all.length > 0 ? { strongest: [...new Set((strongest ?? []).map((one) => one.text))], all: dedupe(all) } : undefined;
}
