import type { SessionState } from '../dialog/state.js';
import { hostingOf } from '../dialog/turn-context.js';
import type { ContainerHosting } from '../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { keptReading } from './kept-reading.js';

interface Product {
  id: string;
  /** Products of one kind replace each other: a stack has one front layer and one app server. */
  kind: 'vendor' | 'upstream';
  named: RegExp;
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const productsByKb = new WeakMap<KnowledgeBase, Product[]>();

function productsOf(kb: KnowledgeBase): Product[] {
  let products = productsByKb.get(kb);
  if (!products) {
    const entries = [
      ...[...kb.vendors.values()].map((v) => ({ id: v.id, kind: 'vendor' as const, mentions: v.mentions })),
      ...[...kb.upstreams.values()].map((u) => ({ id: u.id as string, kind: 'upstream' as const, mentions: u.mentions })),
    ];
    products = entries
      .filter((e) => e.mentions.length > 0)
      .map((e) => ({ id: e.id, kind: e.kind, named: new RegExp(`(?<![\\w-])(?:${e.mentions.map(escape).join('|')})(?![\\w-])`, 'i') }));
    productsByKb.set(kb, products);
  }
  return products;
}

/** The stack a conversation knows: its front layer (and what that layer stands for) and its app server. */
export interface KnownStack {
  vendor?: string;
  upstream?: string;
  /** The app runs where nobody has a server shell (a platform, a function, shared hosting, Windows). */
  shellLess?: boolean;
}

/** Where there is no Linux shell to type into (or, on Kubernetes and in Docker containers, kubectl and docker take its place). */
export const SHELL_LESS_HOSTING: ReadonlySet<string> = new Set(['paas', 'serverless', 'windows', 'kubernetes', 'docker', 'shared']);

/** Hosting whose apps run in containers: the steps written for a container fit them. */
export const CONTAINER_HOSTING: ReadonlySet<string> = new Set<ContainerHosting>(['kubernetes', 'docker']);

/** Whether the conversation's app runs where nobody has a server shell, as far as its hosting is known. */
export function onShellLessHosting(kb: KnowledgeBase, state: SessionState): boolean {
  const hosting = hostingOf(kb, state);
  return hosting !== undefined && SHELL_LESS_HOSTING.has(hosting);
}

/** Commands and paths that need a Linux server of one's own. */
const SERVER_SHELL = /`[^`]*\b(?:systemctl|journalctl|pm2|ss -ltnp|netstat|apt(?:-get)?|ufw|iptables|sudo)\b[^`]*`|\/var\/log\/|\/etc\/(?:nginx|apache2|httpd|php)/;

/** The vendors and app servers a text names by their catalog mentions, in catalog order. */
function productsIn(kb: KnowledgeBase, text: string): Product[] {
  return productsOf(kb).filter((product) => product.named.test(text));
}

/** The ids of the vendors and app servers a text names, in catalog order. */
export function productsNamed(kb: KnowledgeBase, text: string): string[] {
  return productsIn(kb, text).map((product) => product.id);
}

export function needsServerShell(text: string): boolean {
  return SERVER_SHELL.test(text);
}

/** A text of the knowledge (a step, a reason, a passage) as the stack check reads it. */
interface KnowledgeText {
  named: Product[];
  needsShell: boolean;
}

/** Each text of the knowledge is read against the catalog's products once, not on every turn. */
const readersByKb = new WeakMap<KnowledgeBase, (text: string) => KnowledgeText>();

function knowledgeText(kb: KnowledgeBase, text: string): KnowledgeText {
  let read = readersByKb.get(kb);
  if (!read) {
    read = keptReading((t) => ({ named: productsIn(kb, t), needsShell: needsServerShell(t) }));
    readersByKb.set(kb, read);
  }
  return read(text);
}

/**
 * Whether a step or reason of the knowledge fits the known stack. A step for another app server
 * than the known one never fits (PHP-FPM's socket for a Puma app); otherwise one that names a
 * product of the stack fits, and one that names only another front layer than the known one does
 * not ("nginx: proxy_read_timeout" for Caddy). A step that names no product fits, unless it needs
 * a server shell the app's hosting does not give (`systemctl` on Heroku). `text` is knowledge,
 * never a person's message: its reading is kept for the next turn.
 */
export function fitsStack(kb: KnowledgeBase, stack: KnownStack, text: string): boolean {
  const { named, needsShell } = knowledgeText(kb, text);
  if (stack.shellLess && needsShell) return false;
  const vendor = stack.vendor ? kb.vendors.get(stack.vendor) : undefined;
  const ours = new Set([stack.vendor, vendor?.reportsAs, ...(vendor?.servesPagesOf ?? []), stack.upstream].filter(Boolean));
  const servers = named.filter((p) => p.kind === 'upstream');
  if (stack.upstream && servers.length > 0 && !servers.some((p) => p.id === stack.upstream)) return false;
  if (named.some((p) => ours.has(p.id))) return true;
  return !(stack.vendor && named.some((p) => p.kind === 'vendor'));
}
