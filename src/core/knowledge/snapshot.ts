import { KnowledgeRegex } from './knowledge-regex.js';
import { vectorsFromSnapshot, vectorsToSnapshot, type ArticleVectorsSnapshot } from '../retrieval/article-vectors.js';
import type { Fact } from './schema.js';
import type { Article, CompiledSignature, DialogRules, FactDialogRules, FactPattern, KnowledgeBase } from './types.js';

/**
 * A validated knowledge base as plain JSON, so that a process can start without parsing and
 * validating every YAML file again. Regular expressions travel as source and flags.
 */
export interface KnowledgeSnapshot {
  catalog: KnowledgeBase['catalog'];
  signatures: (Omit<CompiledSignature, 'regex'> & { flags: string })[];
  articles: (Omit<Article, 'sections'> & { sections: [string, string][] })[];
  articleVectors: ArticleVectorsSnapshot;
  intents: KnowledgeBase['intents'];
  roles: KnowledgeBase['roles'];
  dialog: {
    facts: (Omit<FactDialogRules, 'detect' | 'answers'> & { detect: SerialPattern[]; answers: SerialPattern[] })[];
    responses: DialogRules['responses'];
    buttons: DialogRules['buttons'];
    intentLabels: DialogRules['intentLabels'];
    probe: DialogRules['probe'];
    changeLeads: [string, [string, string][]][];
  };
}

interface SerialPattern {
  value: string;
  source: string;
  flags: string;
  requires?: FactPattern['requires'];
}

const serialPattern = ({ regex, ...rest }: FactPattern): SerialPattern => ({ ...rest, source: regex.source, flags: regex.flags });
const livePattern = ({ source, flags, ...rest }: SerialPattern): FactPattern => ({ ...rest, regex: new KnowledgeRegex(source, flags) });

export function toSnapshot(kb: KnowledgeBase): KnowledgeSnapshot {
  return {
    catalog: kb.catalog,
    signatures: kb.signatures.map(({ regex, ...rest }) => ({ ...rest, flags: regex.flags })),
    articles: kb.articles.map((a) => ({ ...a, sections: [...a.sections] })),
    articleVectors: vectorsToSnapshot(kb.articleVectors),
    intents: kb.intents,
    roles: kb.roles,
    dialog: {
      facts: [...kb.dialog.facts.values()].map((f) => ({ ...f, detect: f.detect.map(serialPattern), answers: f.answers.map(serialPattern) })),
      responses: kb.dialog.responses,
      buttons: kb.dialog.buttons,
      intentLabels: kb.dialog.intentLabels,
      probe: kb.dialog.probe,
      changeLeads: [...kb.dialog.changeLeads].map(([change, leads]) => [change, [...leads]]),
    },
  };
}

export function fromSnapshot(snapshot: KnowledgeSnapshot): KnowledgeBase {
  const { catalog } = snapshot;
  const articles = snapshot.articles.map((a) => ({ ...a, sections: new Map(a.sections) }));
  return {
    catalog,
    vendors: new Map(catalog.vendors.map((v) => [v.id, v])),
    upstreams: new Map(catalog.upstreams.map((u) => [u.id, u])),
    causes: new Map(catalog.causes.map((c) => [c.id, c])),
    signatures: snapshot.signatures.map(({ flags, ...rest }) => ({ ...rest, regex: new KnowledgeRegex(rest.pattern, flags) })),
    articles,
    articlesById: new Map(articles.map((a) => [a.meta.id, a])),
    articleVectors: vectorsFromSnapshot(snapshot.articleVectors),
    intents: snapshot.intents,
    roles: snapshot.roles,
    dialog: {
      facts: new Map(
        snapshot.dialog.facts.map((f) => [f.fact as Fact, { ...f, detect: f.detect.map(livePattern), answers: f.answers.map(livePattern) }]),
      ),
      responses: snapshot.dialog.responses,
      buttons: snapshot.dialog.buttons,
      intentLabels: snapshot.dialog.intentLabels,
      probe: snapshot.dialog.probe,
      changeLeads: new Map(snapshot.dialog.changeLeads.map(([change, leads]) => [change, new Map(leads)])),
    },
  } as KnowledgeBase;
}
