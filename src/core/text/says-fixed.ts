/**
 * Words that say the error is gone: "restarting php-fpm did the trick", "it works now", "solved,
 * the container was on the wrong network", "the site's back up". Not after a negation ("isn't
 * fixed yet"), and not "fixed" as an adjective ("a fixed IP").
 */
const SAYS_FIXED = new RegExp(
  String.raw`(?<!(?:\bnot|\bnever|n't|\byet)\s)\b(?:` +
    [
      String.raw`(?:works?|working|runs?|running|loads?|loading) (?:again|now|fine now)`,
      String.raw`(?:fixed|solved|sorted) it`,
      String.raw`(?:that|this|it) did it`,
      String.raw`did the trick`,
      String.raw`(?:it'?s|is|all|site'?s) (?:fixed|solved|resolved|sorted)`,
      String.raw`(?:fixed|solved|sorted)(?=[!.]|,\s|\s*$)`,
      String.raw`all good now`,
      String.raw`(?:is|it'?s|site'?s) back(?: up| online)?`,
      String.raw`back (?:up|online) now`,
      String.raw`up again`,
    ].join('|') +
    String.raw`)\b`,
  'i',
);

export function saysFixed(text: string): boolean {
  return SAYS_FIXED.test(text);
}
