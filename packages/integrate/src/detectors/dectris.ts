/**
 * The Dectris (Pilatus, Pilatus CdTe, Eiger, Eiger2, Eiger2 CdTe) and ESRF Maxipix detector
 * models of pyFAI 0.21 (`pyFAI/detectors/_dectris.py`, `_esrf.py`): shapes, pixel sizes, module
 * layouts and names. Dectris detectors mark invalid pixels with -2 (delta 1.5), as pyFAI >= 2023
 * declares (0.21 did not yet).
 *
 * @example
 * ```ts
 * import { DETECTOR_MODELS } from './dectris.js';
 * DETECTOR_MODELS.find((m) => m.name === 'Eiger4M')?.maxShape; // [2167, 2070]
 * ```
 * @module
 */
import type { DetectorModel } from './detector.js';
import type { ModuleLayout } from './module-mask.js';

const PILATUS: ModuleLayout = { moduleSize: [195, 487], moduleGap: [17, 7] };
const PILATUS_CDTE: ModuleLayout = { ...PILATUS, centralColumns: 3 };
const EIGER: ModuleLayout = { moduleSize: [514, 1030], moduleGap: [37, 10] };
const EIGER2: ModuleLayout = { moduleSize: [512, 1028], moduleGap: [38, 12] };
const EIGER2_CDTE: ModuleLayout = { ...EIGER2, centralColumns: 2 };
const MAXIPIX: ModuleLayout = { moduleSize: [256, 256], moduleGap: [4, 4] };

function dectris(
  name: string,
  aliases: string[],
  maxShape: [number, number],
  layout: ModuleLayout,
  pixel: number,
): DetectorModel {
  return Object.freeze({ name, aliases, manufacturer: 'Dectris', pixel1: pixel, pixel2: pixel, maxShape, layout, dummy: -2, deltaDummy: 1.5 });
}

const pilatus = (name: string, alias: string, shape: [number, number]): DetectorModel =>
  dectris(name, [alias], shape, PILATUS, 172e-6);
const pilatusCdTe = (size: string, shape: [number, number]): DetectorModel =>
  dectris(
    `PilatusCdTe${size}`,
    [`Pilatus CdTe ${size}`, `Pilatus ${size} CdTe`, `Pilatus${size} CdTe`, `Pilatus${size}CdTe`],
    shape,
    PILATUS_CDTE,
    172e-6,
  );
const eiger = (size: string, shape: [number, number]): DetectorModel => dectris(`Eiger${size}`, [`Eiger ${size}`], shape, EIGER, 75e-6);
const eiger2 = (size: string, alias: string, shape: [number, number]): DetectorModel =>
  dectris(`Eiger2_${size}`, [`Eiger2 ${alias}`], shape, EIGER2, 75e-6);
const eiger2CdTe = (size: string, alias: string, shape: [number, number]): DetectorModel =>
  dectris(`Eiger2CdTe_${size}`, [`Eiger2 CdTe ${alias}`], shape, EIGER2_CDTE, 75e-6);
const maxipix = (name: string, aliases: string[], shape: [number, number]): DetectorModel =>
  Object.freeze({ name, aliases, manufacturer: 'ESRF', pixel1: 55e-6, pixel2: 55e-6, maxShape: shape, layout: MAXIPIX });

/** Every modular detector model, in pyFAI's order. */
export const DETECTOR_MODELS: readonly DetectorModel[] = Object.freeze([
  pilatus('Pilatus100k', 'Pilatus 100k', [195, 487]),
  pilatus('Pilatus200k', 'Pilatus 200k', [407, 487]),
  pilatus('Pilatus300k', 'Pilatus 300k', [619, 487]),
  pilatus('Pilatus300kw', 'Pilatus 300kw', [195, 1475]),
  pilatus('Pilatus1M', 'Pilatus 1M', [1043, 981]),
  pilatus('Pilatus2M', 'Pilatus 2M', [1679, 1475]),
  pilatus('Pilatus6M', 'Pilatus 6M', [2527, 2463]),
  pilatusCdTe('300k', [619, 487]),
  pilatusCdTe('300kw', [195, 1475]),
  pilatusCdTe('900kw', [195, 4439]),
  pilatusCdTe('1M', [1043, 981]),
  pilatusCdTe('2M', [1679, 1475]),
  eiger('500k', [514, 1030]),
  eiger('1M', [1065, 1030]),
  eiger('4M', [2167, 2070]),
  eiger('9M', [3269, 3110]),
  eiger('16M', [4371, 4150]),
  eiger2('500k', '500k', [512, 1028]),
  eiger2('1M', '1M', [1062, 1028]),
  eiger2('1MW', '1M-W', [512, 2068]),
  eiger2('2MW', '2M-W', [512, 4148]),
  eiger2('4M', '4M', [2162, 2068]),
  eiger2('9M', '9M', [3262, 3108]),
  eiger2('16M', '16M', [4362, 4148]),
  eiger2CdTe('500k', '500k', [512, 1028]),
  eiger2CdTe('1M', '1M', [1062, 1028]),
  eiger2CdTe('1MW', '1M-W', [512, 2068]),
  eiger2CdTe('2MW', '2M-W', [512, 4148]),
  eiger2CdTe('4M', '4M', [2162, 2068]),
  eiger2CdTe('9M', '9M', [3262, 3108]),
  eiger2CdTe('16M', '16M', [4362, 4148]),
  maxipix('Maxipix', ['Maxipix 1x1', 'Maxipix1x1'], [256, 256]),
  maxipix('Maxipix2x2', ['Maxipix 2x2'], [516, 516]),
  maxipix('Maxipix5x1', ['Maxipix 5x1'], [256, 1296]),
]);
