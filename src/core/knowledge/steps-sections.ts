import { UPSTREAMS } from '../taxonomy.js';
import { HOSTING, type Catalog, type Hosting } from './schema.js';

/** "Steps for heroku", "Steps for php_fpm", "Steps for kubernetes": steps for one platform or app server. */
export const STEPS_FOR = /^Steps for ([\w-]+)$/;

/** Hosting where one can ssh into a Linux server: the only place the generic "Steps" fit as written. */
export const SHELL_HOSTING: readonly Hosting[] = ['vps'];

/** Commands that need a shell on a Linux server one administers. */
const SERVER_SHELL = /\b(?:sudo|systemctl|journalctl)\b/;

/** The ids a "Steps for <id>" heading may use: catalog vendors, app servers and hosting values. */
export function stepsSectionIds(catalog: Catalog): Set<string> {
  return new Set([
    ...catalog.vendors.map((v) => v.id),
    ...UPSTREAMS.filter((u) => u !== 'unknown'),
    ...HOSTING,
  ]);
}

/** Where the app runs when this vendor, app server or hosting id is known, if it tells. */
export function hostingOf(id: string, catalog: Catalog): Hosting | undefined {
  if ((HOSTING as readonly string[]).includes(id)) return id as Hosting;
  return catalog.vendors.find((v) => v.id === id)?.hosting ?? catalog.upstreams.find((u) => u.id === id)?.hosting;
}

/** A problem with a "Steps for <id>" section, or undefined when it is sound. */
export function stepsSectionProblem(id: string, text: string, catalog: Catalog): string | undefined {
  if (!stepsSectionIds(catalog).has(id)) return `"${id}" is not a vendor, app server (upstream) or hosting id of knowledge/catalog.yaml`;
  const hosting = hostingOf(id, catalog);
  const command = SERVER_SHELL.exec(text)?.[0];
  if (hosting && !SHELL_HOSTING.includes(hosting) && command) {
    return `"${command}" needs a Linux server shell, which ${hosting} hosting does not give: use the platform's own console or CLI`;
  }
  return undefined;
}
