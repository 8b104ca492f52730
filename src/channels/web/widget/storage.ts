/** localStorage that never throws (private modes and sandboxed frames refuse it). */

export interface Identity {
  name?: string;
  email?: string;
}

/** Screenshots kept as thumbnails per conversation, at most: enough for a conversation, small for localStorage. */
const THUMBNAILS = 6;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // The conversation still works; it just will not survive a reload.
  }
}

/** Keys carry the API base so two updoc servers embedded on one site keep separate conversations. */
export class WidgetStorage {
  constructor(private readonly apiBase: string) {}

  get sessionId(): string | null {
    return read(`updoc:${this.apiBase}:session`);
  }

  set sessionId(id: string | null) {
    write(`updoc:${this.apiBase}:session`, id);
  }

  keepIdentity(identity: Identity): void {
    write(`updoc:${this.apiBase}:identity`, JSON.stringify(identity));
  }

  get identity(): Identity {
    try {
      const kept = JSON.parse(read(`updoc:${this.apiBase}:identity`) ?? '{}') as Identity;
      return typeof kept === 'object' && kept !== null ? kept : {};
    } catch {
      return {};
    }
  }

  /** A conversation's screenshot thumbnails (data: URLs), in the order they were sent. */
  thumbnails(sessionId: string): string[] {
    try {
      const kept = JSON.parse(read(`updoc:${this.apiBase}:thumbs:${sessionId}`) ?? '[]') as unknown;
      return Array.isArray(kept) ? kept.filter((t): t is string => typeof t === 'string' && t.startsWith('data:image/')) : [];
    } catch {
      return [];
    }
  }

  keepThumbnail(sessionId: string, thumbnail: string): void {
    write(`updoc:${this.apiBase}:thumbs:${sessionId}`, JSON.stringify([...this.thumbnails(sessionId), thumbnail].slice(-THUMBNAILS)));
  }
}
