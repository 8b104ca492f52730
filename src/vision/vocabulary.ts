import type { KnowledgeBase } from '../core/knowledge/types.js';

/**
 * The words OCR correction may move text towards: the literals a signature needs before its
 * pattern runs, and the product names. Taken from the knowledge base, so a new signature's words
 * are read tolerantly without a second list to keep. Mentions are left out: they hold what people
 * type about a product, misspellings included ("cloudfair"), and a misspelling in the vocabulary
 * would make a misread page word ambiguous instead of corrected.
 */
export function ocrVocabulary(kb: KnowledgeBase): string[] {
  const literals = kb.signatures
    .filter((signature) => signature.kind !== 'mention')
    .flatMap((signature) => signature.literals ?? []);
  return [...new Set([...literals, ...ocrProductNames(kb)])];
}

/** The products the knowledge base knows, by name: what stands before a version in a page footer. */
export function ocrProductNames(kb: KnowledgeBase): string[] {
  return kb.catalog.vendors.map((vendor) => vendor.name);
}
