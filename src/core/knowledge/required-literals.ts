import { regexTree, types } from './regex-tree.js';

interface Node {
  type: number;
  value?: Node | number;
  min?: number;
  stack?: Node[];
  options?: Node[][];
  followedBy?: boolean;
  notFollowedBy?: boolean;
}

/** Shorter literals are too common to rule anything out. */
const MIN_LITERAL = 3;
/** Clauses kept per pattern part: alternations multiply them, and a few already rule out almost every text. */
const MAX_CLAUSES = 24;

/** Lower-case strings of which at least one must occur. */
type Clause = string[];
/** Clauses that must all hold (none known: an empty list). */
type Clauses = Clause[];

export interface LiteralRequirements {
  /** The clause whose shortest string is longest: the literals of the pattern's most telling part. */
  strongest: Clause;
  /** Every clause found, each a necessary condition for a match: the strongest first. */
  all: Clauses;
}

const strength = (clause: Clause) => Math.min(...clause.map((s) => s.length));

/** A clause with a short string in it holds in almost any text: it rules nothing out. */
const telling = (clause: Clause) => strength(clause) >= MIN_LITERAL;

/** The first clause of the greatest strength: earlier parts of a pattern win ties. */
function strongestOf(clauses: Clauses): Clause | undefined {
  let best: Clause | undefined;
  for (const clause of clauses) if (!best || strength(clause) > strength(best)) best = clause;
  return best;
}

function fromStack(stack: readonly Node[]): Clauses {
  const clauses: Clauses = [];
  let run = '';
  const flush = () => {
    if (run) clauses.push([run]);
    run = '';
  };
  for (const node of stack) {
    if (node.type === types.CHAR && typeof node.value === 'number') {
      run += String.fromCodePoint(node.value).toLowerCase();
      continue;
    }
    flush();
    if (node.type === types.GROUP && !node.followedBy && !node.notFollowedBy) clauses.push(...fromGroup(node));
    else if (node.type === types.REPETITION && (node.min ?? 0) >= 1 && typeof node.value === 'object') clauses.push(...fromNode(node.value));
  }
  flush();
  return clauses.filter(telling);
}

/**
 * One of several alternatives holds, so any choice of one clause per alternative, joined, is
 * required. The choice of each alternative's strongest clause comes first: it is the strongest.
 */
function fromAlternatives(alternatives: readonly Clauses[]): Clauses {
  if (alternatives.some((clauses) => clauses.length === 0)) return [];
  const join = (choice: readonly Clause[]) => [...new Set(choice.flat())];
  const combined: Clauses = [join(alternatives.map((clauses) => strongestOf(clauses) as Clause))];
  let choices: Clause[][] = [[]];
  for (const clauses of alternatives) {
    choices = choices.flatMap((choice) => clauses.map((clause) => [...choice, clause])).slice(0, MAX_CLAUSES);
  }
  for (const choice of choices) combined.push(join(choice));
  return combined;
}

function fromGroup(group: Node): Clauses {
  if (group.options) return fromAlternatives(group.options.map(fromStack));
  return fromStack(group.stack ?? []);
}

function fromNode(node: Node): Clauses {
  if (node.type === types.CHAR && typeof node.value === 'number') return [[String.fromCodePoint(node.value).toLowerCase()]].filter(telling);
  if (node.type === types.GROUP || node.type === types.ROOT) return fromGroup(node);
  return [];
}

/**
 * The lower-case literals a text must hold for the pattern to match, or undefined when none can
 * be derived. A cheap search for them rules out most signatures before their regular expression
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
  const strongest = strongestOf(all);
  return strongest ? { strongest, all: dedupe(all) } : undefined;
}

/** The same clause found twice (or under several choices) is checked once. */
function dedupe(clauses: Clauses): Clauses {
  const seen = new Set<string>();
  return clauses.filter((clause) => {
    const key = [...clause].sort().join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
