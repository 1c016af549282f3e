/**
 * The work-order workflow's moves, in a module of its own that imports nothing, so a browser
 * bundle (the console) offers exactly the moves the API accepts without pulling the rest of
 * the domain (and zod) in.
 */
export const WORK_ORDER_STATUSES = ['open', 'scheduled', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Every move of the workflow, and who makes it. */
export const TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  open: ['scheduled', 'cancelled'],
  scheduled: ['in_progress', 'open', 'cancelled'],
  in_progress: ['on_hold', 'completed'],
  on_hold: ['in_progress', 'cancelled'],
  completed: ['closed', 'in_progress'],
  closed: [],
  cancelled: [],
};

/** Moves a technician makes on the work assigned to them (start, hold, resume, complete). */
export const TECHNICIAN_MOVES: ReadonlySet<string> = new Set(['scheduled>in_progress', 'in_progress>on_hold', 'on_hold>in_progress', 'in_progress>completed']);

/** The statuses a work order may move to from its status, whoever asks. */
export const nextStatuses = (status: WorkOrderStatus): readonly WorkOrderStatus[] => TRANSITIONS[status];
