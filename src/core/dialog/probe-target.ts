import ipaddr from 'ipaddr.js';
import type { Analysis } from '../diagnose.js';
import type { AddressMention, EvidenceHit } from '../evidence/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { ReplyAction } from '../reply/model.js';
import type { LineSpan, PastedKind } from '../text/structure.js';
import { actionId } from './actions.js';

/**
 * Which site to check live. Only the site the person asks about: an address in their own words,
 * the host of the failing page they pasted (a Cloudflare page's Host tile or title), the `host:`
 * of a pasted log line or request. Never a name inside pasted configs, commands or other log
 * fields (an upstream), never a local or private address from pasted material, never the vendor
 * site an error page links to. When several sites are named, or only pasted material names one,
 * updoc asks which.
 */

/** What to check this turn: one site, a question which one (URLs, best first), or nothing. */
export type ProbeTarget = { kind: 'probe'; url: string } | { kind: 'ask'; candidates: string[] } | { kind: 'none' };

/** The question "Which address should I check?" waiting for an answer, as the session keeps it. */
export interface PendingProbeTarget {
  type: 'probe_target';
  /** The URLs offered, in button order: `probe:<index>` picks one, `probe:none` none. */
  candidates: string[];
}

export interface ProbeTargetInput {
  /** The message as the brain read it. */
  analysis: Pick<Analysis, 'structure' | 'evidence' | 'diagnosis'> & { text: Pick<Analysis['text'], 'scan'> };
  /** The site the conversation named before (its url fact), if any. */
  knownUrl?: string;
  /** The person asked for a check beyond this message's words (a button, an answer to "what is the address?"). */
  askedForCheck?: boolean;
}

/** At most this many addresses are offered as buttons. */
export const MAX_PROBE_CANDIDATES = 4;

/** Lines of the person's own: their sentences, and the fields they filled in ("Site: …"). */
const OWN_KINDS: readonly (PastedKind | undefined)[] = [undefined, 'details', 'template'];
/** Pasted material whose public names may be the site, but only if the person confirms it. */
const UNSURE_KINDS: readonly PastedKind[] = ['config', 'command', 'quote'];
/** Evidence whose wording was pasted: addresses inside it (a vendor's own site on its page, a log's upstream) are not the site. */
const PASTED_EVIDENCE: readonly string[] = ['page', 'log', 'header'];
/** A name right after these, even in a sentence, is configuration (a Traefik rule, an nginx server block, an upstream). */
const CONFIG_CONTEXT =
  /(?:\bHost(?:Regexp|SNI)?\(\s*['"]?|\bserver_name\s[^;\n]{0,200}|\bproxy_pass\s+|\b(?:VIRTUAL_HOST|LETSENCRYPT_HOST|ServerName|ServerAlias)\s*[=:]?\s*['"]?)$/i;
/** A container image or a repository is named like a site but is none ("image: ghcr.io/acme/app", "git clone https://…"). */
const NOT_A_SITE = /(?:\bimage:\s*['"]?|^\s*FROM\s+(?:--\S+\s+)?|\b(?:docker|podman) (?:pull|push|run)\s+(?:-\S+\s+){0,6}|\bgit (?:clone|remote add \S+|fetch|pull)\s+(?:-\S+\s+){0,4})$/i;
/** A field that names an internal hop rather than the site ("Upstream: http://10.0.0.5"). */
const INTERNAL_FIELD = /^\s*(?:[-*] )?(?:\*\*)?(?:upstream|backend|origin|proxy[_ ]?pass|internal|container|service|target)(?:[ _-]?(?:url|address|host|server|ip))?\s*(?:\*\*)?\s*[:=]/i;
const HOST_HEADER = /^\s*(?:[<>] )?host:\s*([a-z0-9][a-z0-9.-]{0,252}(?::\d{1,5})?)\s*$/i;
const LOCAL_NAME = /(?:^|\.)(?:localhost|local|internal|lan|home\.arpa|localdomain)$/;

type Strength = 'named' | 'unsure';
interface Candidate {
  url: string;
  host: string;
  strength: Strength;
}

/** Only the loopback, private and other non-public spaces' names and addresses; a single-label name is a local service. */
function isLocal(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(bare)) return ipaddr.process(bare).range() !== 'unicast';
  return !bare.includes('.') || LOCAL_NAME.test(bare);
}

/** The line a position is on (lines are in order: a binary search). */
function lineAt(lines: readonly LineSpan[], at: number): LineSpan | undefined {
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const line = lines[middle] as LineSpan;
    if (at < line.start) high = middle - 1;
    else if (at > line.end) low = middle + 1;
    else return line;
  }
  return undefined;
}

function insidePastedEvidence(hits: readonly EvidenceHit[], mention: AddressMention): boolean {
  return hits.some((hit) => PASTED_EVIDENCE.includes(hit.signature.kind) && mention.start >= hit.start && mention.start < hit.end);
}

/** How a written address counts: the person's own, pasted and worth offering, or not the site at all. */
function strengthOf(mention: AddressMention, text: string, input: ProbeTargetInput): Strength | undefined {
  const { structure, evidence } = input.analysis;
  if (insidePastedEvidence(evidence.hits, mention)) return undefined;
  const line = lineAt(structure.lines, mention.start);
  // A first line is read as the person's words even when it quotes a log line; its addresses are still the log's.
  if (!line || line.logLine || NOT_A_SITE.test(text.slice(line.start, mention.start))) return undefined;
  const kind = line.pasted;
  if (OWN_KINDS.includes(kind)) {
    const configured = CONFIG_CONTEXT.test(text.slice(line.start, mention.start)) || INTERNAL_FIELD.test(text.slice(line.start, line.end));
    if (configured) return isLocal(mention.host) ? undefined : 'unsure';
    return 'named';
  }
  return kind && UNSURE_KINDS.includes(kind) && !isLocal(mention.host) ? 'unsure' : undefined;
}

/** The hosts that pasted evidence names as the site itself: a page's host, a log line's or request's `host`. */
function hostsShownByEvidence(input: ProbeTargetInput, text: string): string[] {
  const { evidence, structure } = input.analysis;
  const fromHits = evidence.hits.filter((hit) => PASTED_EVIDENCE.includes(hit.signature.kind) && hit.groups.site).map((hit) => hit.groups.site as string);
  // curl -v marks request headers with "> ", which also reads as a quote.
  const fromHeaders = structure.lines
    .filter((line) => line.pasted === 'headers' || line.pasted === 'quote')
    .map((line) => HOST_HEADER.exec(text.slice(line.start, line.end))?.[1])
    .filter((host): host is string => Boolean(host));
  return [...fromHits, ...fromHeaders].map((host) => host.toLowerCase()).filter((host) => host.includes('.') && !isLocal(host.replace(/:\d+$/, '')));
}

/** One candidate per site ("www." and the bare name are one), the first (most specific) wording kept. */
function distinct(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const site = c.host.replace(/^www\./, '');
    if (seen.has(site)) return false;
    seen.add(site);
    return true;
  });
}

const asUrl = (address: string) => (/^https?:\/\//i.test(address) ? address : `https://${address}`);

/** Which site to check this turn, or whether to ask which (see the module comment). */
export function chooseProbeTarget(input: ProbeTargetInput): ProbeTarget {
  const { analysis, knownUrl } = input;
  const text = analysis.text.scan;
  const written = analysis.evidence.addresses.flatMap((mention): Candidate[] => {
    const strength = strengthOf(mention, text, input);
    return strength ? [{ url: mention.url, host: mention.host, strength }] : [];
  });
  const shown = hostsShownByEvidence(input, text).map((host): Candidate => ({ url: asUrl(host), host: host.replace(/:\d+$/, ''), strength: 'named' }));
  // A local address the person typed counts only when they name no public site beside it.
  const all = distinct([...written.filter((c) => c.strength === 'named'), ...shown]);
  const publicOnes = all.filter((c) => !isLocal(c.host));
  const named = publicOnes.length > 0 ? publicOnes : all;

  if (named.length === 1) return { kind: 'probe', url: (named[0] as Candidate).url };
  if (named.length > 1) return { kind: 'ask', candidates: named.slice(0, MAX_PROBE_CANDIDATES).map((c) => c.url) };

  const wantsCheck = input.askedForCheck === true || analysis.diagnosis.intent === 'check_url';
  if (!wantsCheck) return { kind: 'none' };
  if (knownUrl) return { kind: 'probe', url: asUrl(knownUrl) };
  const unsure = distinct(written.filter((c) => c.strength === 'unsure'));
  return unsure.length > 0 ? { kind: 'ask', candidates: unsure.slice(0, MAX_PROBE_CANDIDATES).map((c) => c.url) } : { kind: 'none' };
}

/** "Which address should I check?" with one button per candidate and one to check none. */
export function askProbeTarget(kb: KnowledgeBase, candidates: readonly string[]): { text: string; actions: ReplyAction[] } {
  const label = (url: string) => {
    const shown = url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
    return shown.length > 75 ? `${shown.slice(0, 74)}…` : shown;
  };
  return {
    text: kb.dialog.probe.ask_target,
    actions: [
      ...candidates.map((url, i): ReplyAction => ({ id: actionId.probe(i), label: label(url), role: 'choice' })),
      { id: actionId.probe('none'), label: kb.dialog.probe.skip_target, role: 'choice' },
    ],
  };
}

/** What a button press on that question picks; undefined when it names no offered address. */
export function pickProbeTarget(pending: PendingProbeTarget, choice: number | 'none'): ProbeTarget | undefined {
  if (choice === 'none') return { kind: 'none' };
  const url = pending.candidates[choice];
  return url ? { kind: 'probe', url } : undefined;
}
