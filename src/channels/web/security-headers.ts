import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** What a JSON answer or a script needs: nothing may be loaded, nothing may frame it. */
const LOCKED_DOWN = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** The hashes of a page's inline scripts, so the policy allows them and nothing injected beside them. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1] ?? '').digest('base64')}'`,
  );
}

/**
 * The demo page's policy: its own scripts (the widget and its inline code), the widget's styles in
 * its shadow root, the chat API on this origin, screenshot previews as blob: URLs.
 */
export function pagePolicy(html: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Every response: no MIME sniffing (a JSON answer or an echoed text never runs as a page) and a
 * locked-down content policy, unless a route set its own (the demo page).
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', LOCKED_DOWN);
    return payload;
  });
}
