/**
 * A Slack message's text as the person typed it: the mention of updoc removed, links, mentions
 * and channel names back to plain words, and &amp; &lt; &gt; unescaped (a pasted `<title>` or
 * `upstream: "http://127.0.0.1:8080"` must reach the diagnoser as written).
 */
export function plainText(slackText: string, botUserId: string | undefined): string {
  return slackText
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return target.slice(1) === botUserId ? '' : label ? `@${label}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
