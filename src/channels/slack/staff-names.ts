import type { webApi } from '@slack/bolt';

/** What the person sees when a staff member's name cannot be read (the app lacks users:read). */
export const UNNAMED_STAFF = 'Someone';
const KEPT = 500;

/**
 * The names staff members show to the people they answer: their Slack display name, else their
 * first name, read with users.info and remembered.
 */
export class StaffNames {
  private readonly names = new Map<string, string>();

  async of(userId: string, client: webApi.WebClient): Promise<string> {
    const known = this.names.get(userId);
    if (known) return known;
    let name = UNNAMED_STAFF;
    try {
      const { user } = await client.users.info({ user: userId });
      const profile = user?.profile;
      name = (profile?.display_name || profile?.real_name?.split(/\s+/)[0] || user?.name || UNNAMED_STAFF).slice(0, 80);
    } catch {
      // Without the scope the reply still goes out, signed by nobody in particular.
      return UNNAMED_STAFF;
    }
    if (this.names.size >= KEPT) this.names.clear();
    this.names.set(userId, name);
    return name;
  }
}
