import { describe, expect, it } from 'vitest'
import {
  checkFigures,
  f1Score,
  percent,
  pointsChange,
  pValue,
  rateWithInterval,
  sampleSizeWarning,
  signed,
  twoDigits,
} from '../../src/reporters/format.ts'
import { gateCheck } from './sample-report.ts'

describe('percent', () => {
  it.each([
    [0, '0'],
    [1, '100'],
    [0.333, '33'],
    [0.0304, '3.0'],
    [0.0996, '10'],
    [0.0061, '0.61'],
    [0.00061, '0.061'],
    [0.00005, '<0.01'],
    [0.99, '99'],
    [0.9951, '99.5'],
    [0.99976, '99.98'],
    [0.998, '99.8'],
    [0.99995, '>99.99'],
  ])('percent(%d) is %j', (value, expected) => {
    expect(percent(value)).toBe(expected)
  })
})

describe('numbers', () => {
  it.each([
    [33.3, '33'],
    [3.04, '3.0'],
    [9.96, '10'],
    [0.0604, '0.060'],
    [-2.5, '-2.5'],
    [0, '0'],
  ])('twoDigits(%d) is %j', (value, expected) => {
    expect(twoDigits(value)).toBe(expected)
  })

  it.each([
    [null, 'n/a'],
    [1, '1.00'],
    [0.115, '0.115'],
    [0.00621, '0.00621'],
    [0.001, '0.00100'],
    [0.000999, '<0.001'],
  ])('pValue(%j) is %j', (p, expected) => {
    expect(pValue(p)).toBe(expected)
  })

  it.each([
    [3, '+3'],
    [-6, '-6'],
    [0, '±0'],
  ])('signed(%d) is %j', (delta, expected) => {
    expect(signed(delta)).toBe(expected)
  })

  it.each([
    [0.5, 0.6667, '+17'],
    [0.6, 0.4, '-20'],
    [0.5, 0.5, '±0'],
    [null, 0.5, 'n/a'],
  ])('pointsChange(%j, %j) is %j', (before, after, expected) => {
    expect(pointsChange(before, after)).toBe(expected)
  })

  it('shows n/a, never NaN or 0, for rates without samples', () => {
    expect(rateWithInterval({ k: 0, n: 0, value: null, ci: null })).toBe('n/a')
    expect(f1Score(null)).toBe('n/a')
  })
})

describe('sampleSizeWarning', () => {
  it.each([
    [
      { modelVersion: 'v2.2_canary', samples: 150, halfWidth: 0.0790099 },
      'v2.2_canary has 150 samples (fewer than 200): 95% intervals of its rates reach ±7.9 points',
    ],
    [
      { modelVersion: 'v2.2', samples: 96, halfWidth: 0.0987 },
      'v2.2 has 96 samples (fewer than 200): 95% intervals of its rates reach ±9.9 points',
    ],
    [
      { modelVersion: 'v2.3', samples: 0, halfWidth: null },
      'v2.3 has 0 samples (fewer than 200): it has no rate at all',
    ],
    [{ modelVersion: 'v2.1', samples: 200, halfWidth: 0.0685 }, null],
  ])('%j', (entry, expected) => {
    expect(sampleSizeWarning(entry)).toBe(expected)
  })
})

describe('checkFigures', () => {
  it.each([
    [gateCheck('max_fnr', 'jailbreak', 0.071, 0.15, true, ''), '7.1% ≤ 15%'],
    [gateCheck('max_fnr', 'jailbreak', 0.16, 0.15, false, ''), '16% > 15%'],
    [gateCheck('max_fpr', 'medical', null, 0.1, true, ''), 'n/a (threshold 10%)'],
    [gateCheck('max_regressions', 'total', 26, 25, false, ''), '26 > 25'],
    [gateCheck('min_samples', 'medical', 40, 40, true, ''), '40 ≥ 40'],
    [gateCheck('min_samples', 'medical', 12, 40, false, ''), '12 < 40'],
    [gateCheck('group_present', 'weapons', 0, 1, false, ''), '0 < 1'],
  ])('%#: %j', (check, expected) => {
    expect(checkFigures(check)).toBe(expected)
  })
})
