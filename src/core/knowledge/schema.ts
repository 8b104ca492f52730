import { z } from 'zod';
import { ROLE_LABELS } from '../intent/role-classifier.js';
import { CauseId, IntentId, UpstreamId, VendorId } from '../taxonomy.js';
import { ProbePhrases } from './probe-phrases.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" and "_" only');

/** Facts a conversation can establish; an article lists the ones its explanation depends on. */
export const FACTS = ['role', 'vendor', 'upstream', 'cause', 'url', 'frequency', 'change', 'hosting', 'scope'] as const;
export const FactId = z.enum(FACTS);
export type Fact = z.infer<typeof FactId>;

/** The values each fact can take, beyond the catalog's vendors, upstreams and causes. */
export const FACT_VALUES = {
  role: ['visitor', 'owner'],
  frequency: ['always', 'intermittent'],
  change: ['deploy', 'upgrade', 'firewall', 'certificate', 'other', 'none'],
  hosting: ['shared', 'vps', 'paas', 'kubernetes', 'docker', 'serverless', 'windows'],
  scope: ['one_site', 'many_sites', 'own_network', 'site_side'],
} as const;

/**
 * Where a site runs. Only on `vps` (a Linux server one can ssh into) do an article's generic
 * shell steps fit; `windows` is IIS on Windows Server; `docker` is containers on a host (Compose).
 */
export const HOSTING = FACT_VALUES.hosting;
export type Hosting = (typeof HOSTING)[number];

/** Where an app runs when a layer or app server implies it (Heroku: a platform, IIS: Windows). */
const Hosting = z.enum(FACT_VALUES.hosting);

/** Where a layer sits, outermost first: the outermost layer that reported an error is the one the person saw. */
export const LAYERS = ['edge', 'platform', 'proxy'] as const;

const ownerHelpFields = {
  logs: z.string().min(1).describe('where the owner finds its error log'),
  restart: z.string().min(1).optional().describe('how the owner restarts or reloads it'),
  config: z.string().min(1).optional().describe('where its configuration lives'),
};
/** The same answers where the product runs in a container: `docker logs`, not /var/log; `kubectl rollout restart`, not systemctl. */
const InContainers = z.object({
  docker: z.object(ownerHelpFields).partial().strict().optional(),
  kubernetes: z.object(ownerHelpFields).partial().strict().optional(),
}).strict();
export type ContainerHosting = keyof z.infer<typeof InContainers>;

/** What an owner asks about a product: where it logs, how it restarts, where it is configured. */
const OwnerHelp = { ...ownerHelpFields, inContainers: InContainers.optional() };

export const VendorEntry = z.object({
  id: slug,
  name: z.string().min(1),
  layer: z.enum(LAYERS),
  /** A finer, project-defined vendor (a hosting company's own edge) reports as one taxonomy vendor. */
  reportsAs: VendorId.exclude(['unknown']),
  /** Products whose error pages this layer serves itself (Azure App Service's front ends are IIS). */
  servesPagesOf: z.array(slug).default([]),
  /** Where apps behind this layer run, when it decides that (no shell on a platform, Windows under IIS). */
  hosting: Hosting.optional(),
  ...OwnerHelp,
  /** Words that name this product in an article's steps (lower case, whole words). */
  mentions: z.array(z.string().min(2).regex(/^[^A-Z]+$/, 'write mentions in lower case')).default([]),
}).strict();

export const UpstreamEntry = z.object({
  id: UpstreamId.exclude(['unknown']),
  name: z.string().min(1),
  hosting: Hosting.optional(),
  ...OwnerHelp,
  /** Words that name this app server in an article's steps (lower case, whole words). */
  mentions: z.array(z.string().min(2).regex(/^[^A-Z]+$/, 'write mentions in lower case')).default([]),
}).strict();

export const CauseEntry = z.object({
  id: CauseId.exclude(['unknown']),
  name: z.string().min(1),
  plain: z.string().min(1).describe('one sentence a visitor understands'),
}).strict();

export const Catalog = z.object({
  vendors: z.array(VendorEntry).min(1),
  upstreams: z.array(UpstreamEntry).min(1),
  causes: z.array(CauseEntry).min(1),
}).strict();

/** What kind of evidence a signature reads: an error page, a response header, a log line, a plain mention. */
export const EVIDENCE_KINDS = ['page', 'header', 'log', 'mention'] as const;

export const Signature = z.object({
  id: slug,
  kind: z.enum(EVIDENCE_KINDS),
  /** A case-insensitive regular expression (JavaScript syntax, no nested quantifiers). */
  pattern: z.string().min(2),
  caseSensitive: z.boolean().default(false),
  vendor: slug.optional(),
  upstream: UpstreamId.exclude(['unknown']).optional(),
  cause: CauseId.exclude(['unknown']).optional(),
  status: z.array(z.number().int().min(100).max(599)).default([]),
  /** 0..1: how sure a match makes us. Page wordings and log lines are strong, bare mentions weaker. */
  weight: z.number().gt(0).max(1),
  /** One sentence on what this evidence means; {name} placeholders take the pattern's named groups. */
  means: z.string().min(10),
  examples: z.array(z.string().min(1)).min(1),
  counterexamples: z.array(z.string().min(1)).default([]),
}).strict().refine((s) => s.vendor || s.upstream || s.cause, {
  message: 'a signature must name at least one of vendor, upstream or cause',
});

export const SignatureFile = z.object({ signatures: z.array(Signature).min(1) }).strict();

/**
 * knowledge/ordinary-sentences.yaml: everyday text (shouted words, products denied or named in
 * passing) in which no signature may find evidence, except for the labels a sentence `allows`.
 */
export const OrdinarySentencesFile = z.object({
  sentences: z.array(z.union([
    z.string().min(3),
    z.object({ text: z.string().min(3), allows: z.array(slug).min(1) }).strict(),
  ])).min(1),
}).strict();

/** Items "**a question, as people ask it** its answer": follow-ups answer from them; they rank no article. */
export const QUESTIONS_SECTION = 'Questions people ask';

export const SECTION_NAMES = [
  'What it means', 'Whose fault', 'What you can try', 'How long it lasts', 'Why it happens',
  'How it compares', 'Steps', 'Questions people ask',
] as const;

export const ArticleMeta = z.object({
  id: slug,
  title: z.string().min(5).max(120),
  summary: z.string().min(10).max(400),
  audience: z.enum(['visitor', 'owner', 'both']),
  intents: z.array(IntentId).min(1),
  /** Empty lists mean "any": a general article fits every vendor, upstream or cause. */
  vendors: z.array(slug).default([]),
  upstreams: z.array(UpstreamId.exclude(['unknown'])).default([]),
  causes: z.array(CauseId.exclude(['unknown'])).default([]),
  keywords: z.array(z.string().min(2)).default([]),
  /** The article is about what its keywords name (a browser's own page): chosen only when one is mentioned. */
  onlyWhenNamed: z.boolean().default(false),
  /** Facts whose answer would change this explanation: the dialog asks for them. */
  needs: z.array(FactId).default([]),
  /** Facts that must hold for this article to apply ({scope: [many_sites]}): it is chosen only then. */
  requires: z.partialRecord(FactId, z.array(z.string().min(1)).min(1)).default({}),
  related: z.array(slug).default([]),
  /** Where the facts come from: vendor documentation or source files, as https:// addresses. */
  sources: z.array(z.string().regex(/^https:\/\/[^\s/]+\.[^\s/]+\/\S*$/, 'a source is the https:// address of vendor documentation or a source file')).min(1, 'name at least one source (vendor documentation or a source file)'),
}).strict();

export const IntentFile = z.object({
  intent: IntentId,
  description: z.string().min(10),
  /** Who writes lines like these: it teaches updoc to tell owners from visitors. Omit when mixed. */
  role: z.enum(ROLE_LABELS).optional(),
  examples: z.array(z.string().min(1)).min(10, 'an intent file needs at least 10 example utterances'),
}).strict();

/** Lines that show who is asking (intents/roles/): read by the role classifier only. */
export const RoleFile = z.object({
  role: z.enum(ROLE_LABELS).exclude(['neutral']),
  description: z.string().min(10),
  examples: z.array(z.string().min(1)).min(10, 'a role file needs at least 10 example lines'),
}).strict();

/** Every intent needs this many examples across its files. */
export const MIN_INTENT_EXAMPLES = 40;

export type VendorEntry = z.infer<typeof VendorEntry>;
export type UpstreamEntry = z.infer<typeof UpstreamEntry>;
export type CauseEntry = z.infer<typeof CauseEntry>;
export type Catalog = z.infer<typeof Catalog>;
export type Signature = z.infer<typeof Signature>;
export type OrdinarySentencesFile = z.infer<typeof OrdinarySentencesFile>;
export type ArticleMeta = z.infer<typeof ArticleMeta>;
export type IntentFile = z.infer<typeof IntentFile>;
export type RoleFile = z.infer<typeof RoleFile>;



const patternList = z.array(z.string().min(1)).min(1);

export const FactDialog = z.object({
  question: z.string().min(10),
  /** What the fact is, in the words of "To sharpen this, tell me …". */
  wanted: z.string().min(5),
  options: z.array(z.object({ value: z.string().min(1), label: z.string().min(1).max(75) }).strict()).max(5),
  detect: z.record(z.string(), patternList).default({}),
  answers: z.record(z.string(), patternList).default({}),
}).strict();

/**
 * Every sentence updoc writes itself, by kind, with the {placeholders} each kind may use. Support
 * staff edit the wordings in knowledge/dialog.yaml; lint refuses an unknown placeholder.
 */
export const RESPONSE_PLACEHOLDERS = {
  greeting: [], thanks: [], works_again: [], smalltalk: [], acknowledged: [], out_of_scope: [], rephrase: [], choose: [], choose_one: ['option'],
  offer_human: [], handoff: [], already_handed_off: [], tell_me_first: [], handoff_not_recorded: [],
  nothing_to_rate: [], feedback_not_recorded: [], no_probe: [], probe_skipped: [], lost_context: [], unknown_button: [], unknown_choice: [],
  empty_message: [], no_screenshot_reader: [], screenshot_without_text: [], screenshot_unreadable: ['read'], probe_failed: ['url', 'reason'],
  still_best: [], still_best_visitor: [], follows_you: [], fix_again: [], fix_again_visitor: [], no_more: [], feedback_up: [], feedback_down: [], rephrase_prompt: [], sharpen: ['missing'],
  follow_up: ['answer'], follow_up_for: ['name', 'answer'], dns_reached: [], dns_reached_owner: [], logs_where: ['name', 'logs'], logs_unknown: [], logs_no_shell: [], restart_no_shell: [], config_no_shell: [],
  restart_how: ['name', 'how'], restart_unknown: [], stopped_start: ['name', 'how'], stopped_unknown: [], config_where: ['name', 'where'], config_unknown: [],
  quote_log: ['excerpt', 'means'], quote_header: ['excerpt', 'means'], quote_page: ['excerpt', 'means'],
  quote_screenshot: ['excerpt', 'means'], page_means: ['means'],
  headline_edge: ['vendor', 'upstream'], headline_platform: ['vendor', 'upstream'], headline_proxy: ['vendor', 'upstream'],
  headline_upstream: ['upstream'], headline_cause: ['cause'], headline_with_cause: ['headline', 'cause'],
  upstream_unnamed: [], heading_is_it_you: [], heading_try: [], heading_how_long: [], heading_steps: [],
  heading_steps_for: ['name'], heading_other_reasons: [], heading_first: [],
  handoff_forwarded: [], reach_by_email: ['email'], reach_support: ['contact'], reach_support_unknown: [], no_handoff: [],
  handoff_relayed: [], handoff_relayed_joined: ['name'], handoff_relay_failed: [], handoff_open: [], handoff_reopened: [],
  handoff_closed: [], staff_joined: ['name'],
  probe_checking: ['host'], probe_dns: [], probe_connect: [], probe_tls: [], probe_http: [], probe_again: [],
} as const satisfies Record<string, readonly string[]>;
export const RESPONSE_KINDS = Object.keys(RESPONSE_PLACEHOLDERS) as (keyof typeof RESPONSE_PLACEHOLDERS)[];

/** Button labels updoc shows beside its replies. */
export const BUTTON_LABELS = ['more', 'helpful', 'not_helpful', 'human', 'back_to_bot', 'rephrase'] as const;

const label = z.string().min(1).max(75);

export const DialogFile = z.object({
  facts: z.object(Object.fromEntries(FACTS.map((f) => [f, FactDialog])) as Record<(typeof FACTS)[number], typeof FactDialog>).strict(),
  responses: z.object(Object.fromEntries(RESPONSE_KINDS.map((k) => [k, z.array(z.string().min(2)).min(1)])) as Record<(typeof RESPONSE_KINDS)[number], z.ZodArray<z.ZodString>>).strict(),
  buttons: z.object(Object.fromEntries(BUTTON_LABELS.map((k) => [k, label])) as Record<(typeof BUTTON_LABELS)[number], typeof label>).strict(),
  intent_labels: z.record(IntentId, label),
  probe: ProbePhrases,
  /**
   * What to check first when the person named the change after which it began, by change, then by
   * the vendor, app server or hosting id it is written for (`default` fits any stack).
   */
  change_leads: z.record(z.string(), z.record(z.string(), z.string().min(20)).refine((leads) => 'default' in leads, 'every change needs a `default` lead')),
}).strict();

export type FactDialog = z.infer<typeof FactDialog>;
export type DialogFile = z.infer<typeof DialogFile>;
