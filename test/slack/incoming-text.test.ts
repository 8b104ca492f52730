import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/channels/slack/incoming-text.js';

describe('plainText', () => {
  it('removes the mention of updoc and keeps other people and channels readable', () => {
    expect(plainText('<@UBOT> ask <@U2|bob> in <#C9|ops> <!here>', 'UBOT')).toBe('ask @bob in #ops @here');
  });

  it('gives back links as typed and unescapes pasted markup', () => {
    const slack = '<@UBOT|updoc> <http://shop.example.com|shop.example.com> shows &lt;title&gt;502 Bad Gateway&lt;/title&gt; &amp; <https://x.example/a?b=1&amp;c=2>';
    expect(plainText(slack, 'UBOT')).toBe('shop.example.com shows <title>502 Bad Gateway</title> & https://x.example/a?b=1&c=2');
  });
});
