import { extractEvidence } from '../evidence/extract.js';
import { SignatureMatcher } from '../evidence/signature-matcher.js';
import { prepareText } from '../text/prepare.js';
import type { OrdinarySentencesFile } from './schema.js';
import type { CompiledSignature } from './types.js';

export interface OrdinarySentence {
  text: string;
  /** Labels (vendor, upstream or cause ids) evidence may name in this sentence. */
  allows: string[];
  /** Where the sentence sits in its file, for problem reports. */
  field: string;
}

export interface EvidenceOnOrdinaryText {
  signature: CompiledSignature;
  sentence: OrdinarySentence;
  /** The labels the signature claimed that the sentence does not allow. */
  labels: string[];
}

export function ordinarySentences(file: OrdinarySentencesFile): OrdinarySentence[] {
  return file.sentences.map((entry, i) =>
    typeof entry === 'string' ? { text: entry, allows: [], field: `sentences[${i}]` } : { ...entry, field: `sentences[${i}]` },
  );
}

/**
 * Reads each ordinary sentence exactly as a message is read (normalised, signatures matched,
 * denied product names dropped) and lists every signature that still finds evidence in it.
 */
export function evidenceOnOrdinaryText(signatures: readonly CompiledSignature[], sentences: readonly OrdinarySentence[]): EvidenceOnOrdinaryText[] {
  const matcher = new SignatureMatcher(signatures);
  return sentences.flatMap((sentence) =>
    extractEvidence(prepareText(sentence.text).scan, matcher).hits.flatMap(({ signature }) => {
      const labels = [signature.vendor, signature.upstream, signature.cause].filter(
        (label): label is string => label !== undefined && !sentence.allows.includes(label),
      );
      return labels.length ? [{ signature, sentence, labels }] : [];
    }),
  );
}
