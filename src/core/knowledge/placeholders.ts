import { z } from 'zod';

const PLACEHOLDER = /\{(\w+)\}/g;

/** A wording with its {placeholders} filled in; an unknown one is left as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** A wording support staff may edit, using only the {placeholders} the code fills in. */
export function wording(allowed: readonly string[]) {
  return z.string().min(2).superRefine((text, ctx) => {
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (allowed.includes(name as string)) continue;
      const hint = allowed.length > 0 ? `use ${allowed.map((a) => `{${a}}`).join(', ')}` : 'this wording takes none';
      ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}: ${hint}` });
    }
  });
}
