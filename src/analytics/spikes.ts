import type { TurnRecord } from '../core/ports.js';

export const HOUR_MS = 3_600_000;

export interface SpikeRule {
  /** At least this many people in one hour… */
  min: number;
  /** …and at least this many times the host's usual hour. */
  factor: number;
}

export const SPIKE_RULE: SpikeRule = { min: 5, factor: 3 };

export interface Spike {
  host: string;
  /** Start of the hour (UTC), ms. */
  hour: number;
  /** Distinct conversations that named the host in that hour. */
  people: number;
  /** The host's median per hour over the whole period, quiet hours included. */
  usual: number;
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Hours in which unusually many people reported trouble with the same site; biggest first. */
export function hostSpikes(turns: TurnRecord[], from: number, to: number, rule: SpikeRule = SPIKE_RULE): Spike[] {
  const perHost = new Map<string, Map<number, Set<string>>>();
  for (const turn of turns) {
    if (!turn.host) continue;
    const hours = perHost.get(turn.host) ?? new Map<number, Set<string>>();
    perHost.set(turn.host, hours);
    const hour = Math.floor(turn.at / HOUR_MS) * HOUR_MS;
    const sessions = hours.get(hour) ?? new Set<string>();
    hours.set(hour, sessions.add(turn.sessionId));
  }
  const hoursInPeriod = Math.max(1, Math.ceil(to / HOUR_MS) - Math.floor(from / HOUR_MS));
  const spikes: Spike[] = [];
  for (const [host, hours] of perHost) {
    const counts = [...hours.values()].map((sessions) => sessions.size);
    const quiet = new Array<number>(Math.max(0, hoursInPeriod - counts.length)).fill(0);
    const usual = median([...quiet, ...counts].sort((a, b) => a - b));
    for (const [hour, sessions] of hours) {
      if (sessions.size >= rule.min && sessions.size >= rule.factor * usual) spikes.push({ host, hour, people: sessions.size, usual });
    }
  }
  return spikes.sort((a, b) => b.people - a.people || b.hour - a.hour || a.host.localeCompare(b.host));
}
