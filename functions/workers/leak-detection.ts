/** Nightly: runs the leak detector on every zone's night line and raises or clears its leak alert (`detectLeaksInZones`). */
import { detectLeaksInZones } from '#application/zones/detect-leaks';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('LeakDetection', async (_event, now) => detectLeaksInZones(now));
