// natural's English stop-word list, imported on its own (see src/types/natural-parts.d.ts for why).
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
