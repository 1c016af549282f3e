/**
 * The alert rules every tenant starts with, one set per sensor kind, so a fresh stack
 * raises alerts on leak noise, water quality and pressure before anyone writes a rule.
 * They are ordinary rules (tenants tune or disable them through the alert-rules routes)
 * whose scope is a kind across the tenant (no sensor, no site) and whose `default` is
 * true. Each has a stable key, from which its id is derived per tenant, so provisioning
 * them twice writes nothing new.
 *
 * Thresholds and their sources:
 * - Turbidity above 1.0 NTU: EU Drinking Water Directive 2020/2184, Annex I Part C
 *   (indicator parameters): turbidity "acceptable to consumers and no abnormal change",
 *   and 1.0 NTU in water leaving treatment of surface water (note 10); a network reading
 *   above it is an abnormal change.
 * - pH outside 6.5..9.5: Directive 2020/2184, Annex I Part C, indicator value
 *   "≥ 6.5 and ≤ 9.5" (pH units).
 * - Free chlorine under 0.2 mg/L for 5 minutes: the Directive sets no chlorine value; the
 *   WHO Guidelines for Drinking-water Quality (4th ed., 2017, §5.3 and chapter 8) ask for
 *   at least 0.2 mg/L of free chlorine at the point of delivery. Five minutes so one
 *   noisy reading does not raise it.
 * - Pressure under 2.0 bar or above 8.0 bar: utility practice. About 20 m of head at the
 *   connection is the usual design minimum for service to two-storey houses (e.g. DVGW
 *   W 400-1; UK companies design to 15-20 m against the 10 m of Ofwat's DG2 reference
 *   level); 8 bar is the usual upper setting of pressure management in distribution,
 *   above which bursts and leakage rise sharply (EN 805 design practice; IWA Water Loss
 *   Specialist Group, pressure management). Zones with other standards tune them.
 * - Acoustic noise: an acoustic logger reports its night noise level in dB (one reading a
 *   night or per measurement). A leak holds the level high and steady all night; traffic
 *   and consumption raise it briefly. Utility practice with noise loggers (e.g. the
 *   "level and spread" screening of correlating-logger makers) flags a logger whose level
 *   rises well above its own quiet nights; here: above 50 dB (the loggers'
 *   night level is 30-45 dB), and a step of more than 4 standard deviations over
 *   the logger's own last 7 days (its spread), which catches a quieter pipe's leak the
 *   fixed level misses. Both are starting points to tune per network.
 * - Pressure transients over 20 m (about 2 bar) peak to trough in a high-rate burst:
 *   utility practice. Transient monitoring programmes (UKWIR's "calm network" work;
 *   surge analyses to EN 805) treat swings of 10-30 m as significant for fatigue and
 *   bursts; 20 m is the middle of that range, and a zone's `transientLimitM` overrides it.
 */
import type { SensorKind } from '#domain/telemetry/types';
import type { AlertCondition, NewAlertRule, Severity } from './rules';

/** Amplitude (peak to trough, metres of head) above which a pressure transient raises an alert, unless the zone sets its own. */
export const DEFAULT_TRANSIENT_LIMIT_M = 20;

export interface DefaultAlertRule {
  /** Stable across releases: the rule's id is derived from it and the tenant. */
  readonly key: string;
  readonly name: string;
  readonly kind: SensorKind;
  readonly condition: AlertCondition;
  readonly severity: Severity;
  /** Where the threshold comes from. */
  readonly source: string;
}

export const DEFAULT_ALERT_RULES: readonly DefaultAlertRule[] = [
  {
    key: 'acoustic-level-high',
    name: 'Leak noise: night noise level above 50 dB',
    kind: 'acoustic',
    condition: { type: 'threshold', comparison: 'above', value: 50, deadband: 5 },
    severity: 'major',
    source: 'utility practice with acoustic noise loggers (ambient night level 30-45 dB)',
  },
  {
    key: 'acoustic-level-step',
    name: 'Leak noise: level far above the logger\'s last 7 days',
    kind: 'acoustic',
    condition: { type: 'anomaly', k: 4, windowMinutes: 10_080, minSamples: 10 },
    severity: 'minor',
    source: 'utility practice: a logger compared with its own quiet nights (level and spread)',
  },
  {
    key: 'chlorine-low',
    name: 'Free chlorine under 0.2 mg/L for 5 minutes',
    kind: 'chlorine',
    condition: { type: 'duration', comparison: 'below', value: 0.2, deadband: 0.05, seconds: 300 },
    severity: 'critical',
    source: 'WHO Guidelines for Drinking-water Quality, 4th ed. (0.2 mg/L free chlorine at delivery); no value in EU DWD 2020/2184',
  },
  {
    key: 'turbidity-high',
    name: 'Turbidity above 1 NTU',
    kind: 'turbidity',
    condition: { type: 'threshold', comparison: 'above', value: 1, deadband: 0.2 },
    severity: 'major',
    source: 'EU DWD 2020/2184 Annex I Part C: indicator, 1.0 NTU after treatment of surface water, no abnormal change',
  },
  {
    key: 'ph-low',
    name: 'pH below 6.5',
    kind: 'ph',
    condition: { type: 'threshold', comparison: 'below', value: 6.5, deadband: 0.1 },
    severity: 'major',
    source: 'EU DWD 2020/2184 Annex I Part C: indicator value >= 6.5 and <= 9.5',
  },
  {
    key: 'ph-high',
    name: 'pH above 9.5',
    kind: 'ph',
    condition: { type: 'threshold', comparison: 'above', value: 9.5, deadband: 0.1 },
    severity: 'major',
    source: 'EU DWD 2020/2184 Annex I Part C: indicator value >= 6.5 and <= 9.5',
  },
  {
    key: 'pressure-low',
    name: 'Pressure under 2 bar',
    kind: 'pressure',
    condition: { type: 'threshold', comparison: 'below', value: 2, deadband: 0.2 },
    severity: 'major',
    source: 'utility practice: about 20 m of head at the connection (DVGW W 400-1; UK design 15-20 m)',
  },
  {
    key: 'pressure-high',
    name: 'Pressure above 8 bar',
    kind: 'pressure',
    condition: { type: 'threshold', comparison: 'above', value: 8, deadband: 0.3 },
    severity: 'minor',
    source: 'utility practice: upper setting of pressure management in distribution (EN 805 design practice)',
  },
  {
    key: 'pressure-transient',
    name: 'Pressure transient over the zone limit',
    kind: 'pressure',
    condition: { type: 'transient', limitM: DEFAULT_TRANSIENT_LIMIT_M },
    severity: 'major',
    source: 'utility practice: transient monitoring treats 10-30 m swings as significant (UKWIR calm networks); the zone\'s transientLimitM overrides',
  },
];

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a default rule in a tenant: a ULID-shaped text (time part zero, so defaults
 * sort first) whose random part is an FNV-1a hash of the tenant and the key. Deterministic,
 * so provisioning twice finds the rule already there.
 */
export function defaultRuleId(tenantId: string, key: string): string {
  let out = '0000000000';
  let seed = 0x811c9dc5;
  for (let round = 0; out.length < 26; round++) {
    let h = seed ^ round;
    for (const ch of `${tenantId}\u0000${key}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    seed = h;
    for (let i = 0; i < 4 && out.length < 26; i++) out += CROCKFORD[(h >>> (i * 5)) & 31];
  }
  return out;
}

/** The default rule as a new rule of the tenant (scope: its kind, tenant-wide). */
export function defaultRuleInput(rule: DefaultAlertRule): NewAlertRule {
  return { name: rule.name, kind: rule.kind, condition: rule.condition, severity: rule.severity, enabled: true, openWorkOrder: false, default: true };
}
