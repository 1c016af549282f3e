/**
 * A tenant's registration of a model: the options it is trained with, the version
 * predictions use, and the outcome of the last training. Pure.
 */
export interface TrainingOptions {
  /** Sites whose history trains the model; absent: every site with the four sensor kinds. */
  readonly siteIds?: readonly string[];
  readonly limitMgL: number;
  readonly horizonHours: number;
  /** Days of history read. */
  readonly days: number;
}

export type TrainingStatus = 'queued' | 'succeeded' | 'insufficient_history' | 'failed';

export interface ModelRegistration {
  /** The model's name (one registration per tenant and model). */
  readonly id: string;
  readonly version: number;
  readonly options: TrainingOptions;
  /** The stored model predictions use; null until a training succeeded. */
  readonly modelVersion: string | null;
  readonly lastTraining: { readonly status: TrainingStatus; readonly requestedAt: string; readonly completedAt: string | null; readonly reason: string | null };
}

/** The message of the `model-training` queue. */
export interface TrainingMessage {
  readonly tenantId: string;
  readonly modelName: string;
  readonly requestedAt: string;
}

/** A registration with a training queued (keeping the model in use until the new one is ready). */
export function queuedTraining(before: ModelRegistration | undefined, name: string, options: TrainingOptions, now: string): ModelRegistration {
  return {
    id: name,
    version: (before?.version ?? 0) + 1,
    options,
    modelVersion: before?.modelVersion ?? null,
    lastTraining: { status: 'queued', requestedAt: now, completedAt: null, reason: null },
  };
}

/** The registration once a training ended: a new model version, or the reason there is none. */
export function endedTraining(before: ModelRegistration, outcome: { status: Exclude<TrainingStatus, 'queued'>; modelVersion?: string; reason?: string }, now: string): ModelRegistration {
  return {
    ...before,
    version: before.version + 1,
    modelVersion: outcome.modelVersion ?? before.modelVersion,
    lastTraining: { ...before.lastTraining, status: outcome.status, completedAt: now, reason: outcome.reason ?? null },
  };
}
