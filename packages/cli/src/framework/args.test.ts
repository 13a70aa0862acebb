import { describe, expect, it } from 'vitest';
import { parseCommandLine, type OptionSpecs } from './args.js';
import { UsageError } from './cli-error.js';

const SPECS: OptionSpecs = {
  npt: { kind: 'integer', description: 'bins', min: 1 },
  polarization: { kind: 'number', description: 'factor', min: -1, max: 1 },
  unit: { kind: 'text', description: 'unit', choices: ['2th_deg', 'q_nm^-1'] },
  range: { kind: 'pair', description: 'range' },
  mask: { kind: 'text', description: 'mask', multiple: true },
  overwrite: { kind: 'flag', description: 'replace', short: 'f' },
};

describe('parseCommandLine', () => {
  it('converts and checks each kind of value, and keeps positionals in order', () => {
    const args = parseCommandLine(['in.h5', '--npt', '500', '--polarization=-0.5', '--unit', 'q_nm^-1', '--range', '1,2.5', '--mask', 'a', '--mask', 'b', '-f', 'out'], SPECS);
    expect(args.positionals).toEqual(['in.h5', 'out']);
    expect([args.integer('npt'), args.number('polarization'), args.text('unit'), args.pair('range')]).toEqual([500, -0.5, 'q_nm^-1', [1, 2.5]]);
    expect(args.texts('mask')).toEqual(['a', 'b']);
    expect(args.flag('overwrite')).toBe(true);
    expect([args.integer('absent'), args.flag('json'), args.texts('absent')]).toEqual([undefined, false, []]);
  });

  it.each([
    [['--npt', 'ten'], /--npt must be an integer >= 1; got "ten"/],
    [['--npt', '2.5'], /--npt must be an integer >= 1; got "2.5"/],
    [['--npt', '0'], /--npt must be an integer >= 1; got "0"/],
    [['--polarization=2'], /--polarization must be a finite number >= -1 and <= 1; got "2"/],
    [['--polarization', ''], /--polarization must be a finite number/],
    [['--unit', 'furlong'], /--unit must be one of 2th_deg, q_nm\^-1; got "furlong"/],
    [['--range', '3,1'], /--range must be two increasing numbers a,b \(a < b\); got "3,1"/],
    [['--range', '1'], /--range must be two numbers a,b; got "1"/],
    [['--range', '1,x'], /--range must be two numbers a,b; got "1,x"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--npt'], /Option '--npt <value>' argument missing/],
  ])('refuses %j with a usage error naming the option and the value', (argv, message) => {
    expect(() => parseCommandLine(argv, SPECS)).toThrow(UsageError);
    expect(() => parseCommandLine(argv, SPECS)).toThrow(message);
  });

  it('takes a negative number given as a separate value (--x -2), which parseArgs alone refuses', () => {
    const args = parseCommandLine(['--polarization', '-0.5', '--range', '-180,180', 'in.h5'], SPECS);
    expect([args.number('polarization'), args.pair('range'), args.positionals]).toEqual([-0.5, [-180, 180], ['in.h5']]);
    expect(() => parseCommandLine(['--npt', '-3'], SPECS)).toThrow(/--npt must be an integer >= 1; got "-3"/);
    expect(() => parseCommandLine(['--unit', '-x'], SPECS)).toThrow(UsageError);
  });

  it('accepts --help and --json on every command', () => {
    const args = parseCommandLine(['--json', '-h'], {});
    expect([args.flag('json'), args.flag('help')]).toEqual([true, true]);
  });
});
