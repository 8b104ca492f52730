import { Diagnoser } from '../core/diagnose.js';
import { loadKnowledgeWithCache, PACKAGE_ROOT } from './knowledge-dir.js';

/** Loads the knowledge base (from the start-up cache when current) and trains the diagnoser. */
export function loadDiagnoser(root = PACKAGE_ROOT): Diagnoser {
  const { kb, models } = loadKnowledgeWithCache(root);
  return new Diagnoser(kb, models);
}
