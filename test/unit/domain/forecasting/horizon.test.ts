/** The safe-horizon rule (seed 003's "smart duration", generalised) and the density flag. */
import { describe, expect, it } from 'vitest';
import { decideHorizon, density, safeHorizon } from '#domain/forecasting/horizon';

describe('safe horizon', () => {
  it('is a third of the active periods', () => {
    expect(safeHorizon(24, 72, 12)).toBe(8);
    expect(safeHorizon(45, 60, 12)).toBe(15);
  });

  it('is at least 3 periods and at most two seasons', () => {
    expect(safeHorizon(2, 72, 12)).toBe(3);
    expect(safeHorizon(72, 72, 12)).toBe(24);
    expect(safeHorizon(300, 300, 12)).toBe(24);
    expect(safeHorizon(300, 300, 7)).toBe(14);
  });

  it('never exceeds a third of the series length', () => {
    expect(safeHorizon(7, 7, 12)).toBe(2);
    expect(safeHorizon(30, 30, 12)).toBe(10);
  });

  it('auto mode takes the safe horizon; a longer request is cut, a shorter one kept', () => {
    expect(decideHorizon(undefined, 8)).toEqual({ requested: null, used: 8, safe: 8, reason: 'auto' });
    expect(decideHorizon(36, 8)).toEqual({ requested: 36, used: 8, safe: 8, reason: 'capped' });
    expect(decideHorizon(6, 8)).toEqual({ requested: 6, used: 6, safe: 8, reason: 'requested' });
  });
});

describe('density', () => {
  it('counts non-zero observed amounts and flags sparse series', () => {
    const values = [0, 0, 5, NaN, 0, 0, 0, 0, 0, 0, 3, 0];
    expect(density(values, 'amount')).toEqual({ active: 2, total: 12, ratio: 2 / 12, sparse: true });
  });

  it('counts every observed reading of a level, zero included', () => {
    expect(density([0, 1, NaN, 2], 'level')).toEqual({ active: 3, total: 4, ratio: 0.75, sparse: false });
  });
});
