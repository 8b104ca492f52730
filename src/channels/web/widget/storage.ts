/** localStorage that never throws (private modes and sandboxed frames refuse it). */

export interface Identity {
  name?: string;
  email?: string;
}

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
}
