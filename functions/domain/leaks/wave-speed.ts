/**
 * Speed of leak noise along a water-filled pipe, by the Korteweg formula for a thin-walled
 * elastic pipe (Korteweg 1878; Wylie & Streeter, "Fluid Transients in Systems", 1993,
 * chapter 2, with no anchoring factor):
 *
 *   c = sqrt( (K / ρ) / (1 + (K / E) × (D / e)) )
 *
 * K = 2.19 GPa and ρ = 998 kg/m³ (water at 20 °C), E the pipe wall's Young's modulus, D the
 * internal diameter and e the wall thickness. Moduli are textbook nominal values (metals as
 * tabulated by Wylie & Streeter; manufacturers' short-term moduli for PVC-U and PE100); wall
 * thicknesses are typical of each family (ISO 2531 K9 for ductile iron, SDR 17 PVC, SDR 11
 * PE, older pit-cast grey iron). The result agrees with the ranges correlator makers print
 * (about 1 100-1 400 m/s for metal mains, 300-500 m/s for plastics), but a buried pipe's
 * speed depends on its real wall, soil and temperature: plastics are also dispersive
 * (Muggleton, Brennan & Pinnington, J. Sound Vib. 2002). Hence the tolerance carried with
 * each value, and `waveSpeedMps` overrides for a speed measured on site (a tap test at a
 * known point), which is what field crews do.
 */
import { LeakAnalysisError } from './errors';

export const PIPE_MATERIALS = ['ductile_iron', 'cast_iron', 'steel', 'asbestos_cement', 'concrete', 'pvc', 'pe'] as const;
export type PipeMaterial = (typeof PIPE_MATERIALS)[number];

const WATER_BULK_MODULUS_PA = 2.19e9;
const WATER_DENSITY = 998;

interface MaterialProps {
  /** Young's modulus, Pa. */
  readonly modulusPa: number;
  /** Wall thickness, mm, as a function of the nominal diameter (mm). */
  readonly wallMm: (dn: number) => number;
  /** Relative tolerance of the resulting speed. */
  readonly tolerance: number;
  /** Band where leak noise is carried, Hz: high for metal, low for plastic (plastic damps high frequencies). */
  readonly bandHz: readonly [number, number];
}

/** The table: per material, modulus, typical wall, tolerance and leak-noise band. */
export const MATERIALS: Readonly<Record<PipeMaterial, MaterialProps>> = {
  ductile_iron: { modulusPa: 170e9, wallMm: (dn) => 9 * (0.5 + 0.001 * dn), tolerance: 0.1, bandHz: [100, 1500] },
  cast_iron: { modulusPa: 100e9, wallMm: (dn) => 7 + 0.02 * dn, tolerance: 0.1, bandHz: [100, 1500] },
  steel: { modulusPa: 207e9, wallMm: (dn) => 3 + 0.01 * dn, tolerance: 0.1, bandHz: [100, 1500] },
  asbestos_cement: { modulusPa: 24e9, wallMm: (dn) => 8 + 0.04 * dn, tolerance: 0.1, bandHz: [100, 1000] },
  concrete: { modulusPa: 30e9, wallMm: (dn) => dn / 12, tolerance: 0.15, bandHz: [50, 800] },
  pvc: { modulusPa: 3.0e9, wallMm: (dn) => dn / 15, tolerance: 0.15, bandHz: [20, 400] },
  pe: { modulusPa: 1.4e9, wallMm: (dn) => dn / 9, tolerance: 0.15, bandHz: [10, 300] },
};

export interface WaveSpeed {
  readonly mps: number;
  /** Plus or minus, m/s. */
  readonly toleranceMps: number;
  readonly source: 'table' | 'given';
}

/** Wave speed in a water-filled pipe of `material` and internal diameter `diameterMm`. */
export function waveSpeed(material: string, diameterMm: number): WaveSpeed {
  const props = (MATERIALS as Record<string, MaterialProps | undefined>)[material];
  if (!props) throw new LeakAnalysisError('UNKNOWN_PIPE_MATERIAL', `unknown pipe material ${material}; known: ${PIPE_MATERIALS.join(', ')}`);
  if (!(diameterMm >= 20 && diameterMm <= 3000)) throw new LeakAnalysisError('INVALID_PIPE', 'the pipe diameter must be between 20 and 3000 mm');
  const ratio = diameterMm / props.wallMm(diameterMm);
  const mps = Math.sqrt(WATER_BULK_MODULUS_PA / WATER_DENSITY / (1 + (WATER_BULK_MODULUS_PA / props.modulusPa) * ratio));
  return { mps, toleranceMps: mps * props.tolerance, source: 'table' };
}
