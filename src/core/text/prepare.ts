/** Messages are capped before any pattern runs, so every message costs bounded work. */
export const MAX_MESSAGE_CHARS = 100_000;
const SCAN_HEAD = 24_000;
const SCAN_TAIL = 8_000;

export interface PreparedText {
  /** What the person sent, capped at MAX_MESSAGE_CHARS: kept for quoting back. */
  original: string;
  /** Normalised text that signatures scan: head and tail of long pastes, entities decoded. */
  scan: string;
  /** Lower-case words only, HTML tags removed: what the intent classifier reads. */
  plain: string;
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: "'", lsquo: "'", ldquo: '"', rdquo: '"',
  mdash: '—', ndash: '–', bull: '•', hellip: '…',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code < 0x110000 && !(code >= 0xd800 && code < 0xe000) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function headAndTail(text: string): string {
  if (text.length <= SCAN_HEAD + SCAN_TAIL) return text;
  return `${text.slice(0, SCAN_HEAD)}\n…\n${text.slice(-SCAN_TAIL)}`;
}

export function prepareText(input: string): PreparedText {
  const original = input.length > MAX_MESSAGE_CHARS ? input.slice(0, MAX_MESSAGE_CHARS) : input;
  // Capped before and after normalising: NFKC can make one character eighteen.
  const scan = headAndTail(decodeEntities(headAndTail(original))
    // Control characters and lone surrogates carry no evidence and confuse tokenisers.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ')
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, ''));
  const plain = scan
    .replace(/<[^<>]{0,200}>/g, ' ')
    .toLowerCase();
  return { original, scan, plain };
}
