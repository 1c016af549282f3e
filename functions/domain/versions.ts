/**
 * The stamp every aggregate of the application table carries: its id, the version that
 * conditional writes compare (optimistic concurrency: 1 when created, one more per
 * change) and the times of its creation and of its last change.
 */
export interface Versioned {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The stamp of a new aggregate: version 1, created (and so last changed) at `now`. */
export function firstVersion(id: string, now: string): Versioned {
  return { id, version: 1, createdAt: now, updatedAt: now };
}
