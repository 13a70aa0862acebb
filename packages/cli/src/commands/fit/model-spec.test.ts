import { describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/cli-error.js';
import { buildModel, parseModelSpec, parsePeaks, SHAPE_NAMES } from './model-spec.js';

describe('--model grammar', () => {
  it('reads SHAPE[+BACKGROUND] in any order and any case, with the package names', () => {
    expect(parseModelSpec('gaussian+linear')).toMatchObject({ shape: 'gaussian', background: 'linear', text: 'gaussian+linear', isPeak: true });
    expect(parseModelSpec('Linear + PSEUDOVOIGT')).toMatchObject({ shape: 'pseudoVoigt', background: 'linear', text: 'pseudoVoigt+linear' });
    expect(parseModelSpec('lorentzian')).toMatchObject({ shape: 'lorentzian', background: 'none', text: 'lorentzian' });
    expect(parseModelSpec('stepUp+constant')).toMatchObject({ shape: 'stepUp', background: 'constant', isPeak: false });
    expect(parseModelSpec('gaussianArea+polynomial3')).toMatchObject({ background: 'Degree 3 Polynomial', backgroundTerm: 'polynomial3' });
  });

  it('takes the background from --background when the model has none, and refuses two that differ', () => {
    expect(parseModelSpec('gaussian', 'strip')).toMatchObject({ background: 'strip', text: 'gaussian+strip' });
    expect(parseModelSpec('gaussian+linear', 'linear').background).toBe('linear');
    expect(() => parseModelSpec('gaussian+linear', 'snip')).toThrow(/has the background linear but --background is snip/);
  });

  it('names every shape and background when a term is unknown, and wants exactly one shape', () => {
    let error: unknown;
    try {
      parseModelSpec('gausian+linear');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('unknown term "gausian"');
    for (const name of [...SHAPE_NAMES, 'polynomial5']) expect((error as Error).message).toContain(name);
    expect(() => parseModelSpec('linear')).toThrow(/no peak shape/);
    expect(() => parseModelSpec('gaussian+gaussian')).toThrow(/--peaks 2/);
    expect(() => parseModelSpec('gaussian+linear+constant')).toThrow(/2 backgrounds/);
  });

  it('builds the model the fit package names: background first, peaks numbered', () => {
    expect(buildModel(parseModelSpec('gaussian+linear'), 2).parameters).toEqual(['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1', 'Height2', 'Position2', 'FWHM2']);
    expect(buildModel(parseModelSpec('pseudoVoigtArea+polynomial2'), 1).parameters).toEqual(['a', 'b', 'c', 'Area1', 'Position1', 'FWHM1', 'Eta1']);
    expect(buildModel(parseModelSpec('splitLorentzian', 'strip'), 1).parameters).toEqual(['Height1', 'Position1', 'LowFWHM1', 'HighFWHM1']);
  });
});

describe('--peaks', () => {
  it('reads auto, a count, or positions', () => {
    expect(parsePeaks('auto')).toEqual({ kind: 'auto' });
    expect(parsePeaks('3')).toEqual({ kind: 'count', count: 3 });
    expect(parsePeaks('17.24, 17.72,18.28')).toEqual({ kind: 'positions', positions: [17.24, 17.72, 18.28] });
    expect(parsePeaks('1474.0')).toEqual({ kind: 'positions', positions: [1474] });
    expect(parsePeaks('-2.5')).toEqual({ kind: 'positions', positions: [-2.5] });
  });

  it('refuses anything else', () => {
    for (const bad of ['0', 'many', '1,,2', '1,x', '']) expect(() => parsePeaks(bad), bad).toThrow(UsageError);
  });
});
