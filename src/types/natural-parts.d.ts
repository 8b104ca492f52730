// Only the parts of `natural` updoc uses are imported, one module each: importing the package
// root loads its storage back-ends, which read .env and print to stdout.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  export default class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    features: Record<string, number>;
    addDocument(tokens: string[], label: string): void;
    train(): void;
    textToFeatures(observation: string[]): unknown;
    getClassifications(observation: string[]): { label: string; value: number }[];
  }
}
declare module 'natural/lib/natural/tfidf/tfidf.js' {
  export default class TfIdf {
    addDocument(tokens: string[], key?: string): void;
    tfidf(terms: string[], documentIndex: number): number;
    idf(term: string): number;
    documents: Record<string, number>[];
  }
}
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  export default function JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number;
}
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  export function DamerauLevenshteinDistance(source: string, target: string, options?: { restricted?: boolean }): number;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
