/**
 * The PHP version a person names ("upgraded to php 8.3", "php8.3-fpm", "from 8.2 to 8.3"), and the
 * knowledge's example versions (`php8.2-fpm`, `php8.x-fpm`, `/etc/php/8.x/`) rewritten to it, so
 * every path, service and socket updoc names is theirs.
 */

const VERSION = String.raw`\d\.\d{1,2}`;
/** "to php 8.3", "-> 8.3": the version they moved to, which is the one running now. */
const MOVED_TO = new RegExp(String.raw`\bphp\b(?:[^.!?\n]|\.(?=\d)){0,40}?\b(?:to|->|→)\s?(?:php\s?)?(${VERSION})\b|\b(?:to|->|→)\s?php\s?(${VERSION})\b`, 'i');
/** "php 8.3", "php8.3-fpm", "php-fpm8.3", "/etc/php/8.3/". */
const NAMED = new RegExp(String.raw`\bphp(?:-fpm)?[\s-]?(${VERSION})(?!\.\d)\b|/etc/php/(${VERSION})/`, 'gi');

export function statedPhpVersion(text: string): string | undefined {
  const moved = MOVED_TO.exec(text);
  if (moved) return moved[1] ?? moved[2];
  const named = [...text.matchAll(NAMED)].map((m) => m[1] ?? m[2]);
  return named.at(-1);
}

/** A version in the knowledge's wording: `php8.2-fpm`, `php-fpm8.2`, `php8.x-fpm.log`, `/etc/php/8.x/`. */
const EXAMPLE_VERSION = /\b(php-fpm|php)(\d\.(?:\d{1,2}|x))(?=-fpm\b|\b)|(\/etc\/php\/)(\d\.(?:\d{1,2}|x))(?=\/)/g;
/** "(8.x: your PHP version)": a hint that says nothing once the version is known. */
const VERSION_HINT = /\s?\(8\.x: your PHP version\)/g;

/**
 * The text with every example PHP version written as the person's, except inside what updoc quotes
 * of theirs (a pasted log line keeps its `php8.1-fpm.sock`).
 */
export function fitPhpVersion(text: string, version: string, quoted: readonly string[]): string {
  const own = quoted.join('\n').toLowerCase();
  return text
    .replace(EXAMPLE_VERSION, (whole, prefix: string | undefined, _v: string | undefined, dir: string | undefined) => {
      if (own.includes(whole.toLowerCase())) return whole;
      return `${prefix ?? dir}${version}`;
    })
    .replace(VERSION_HINT, '');
}
