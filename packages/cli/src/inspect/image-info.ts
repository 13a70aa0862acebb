import { isDType, isFloat } from '@pandaas/core';
import { readImage, type HeaderValue, type ImageFormat } from '@pandaas/io-nexus';
import { InterruptedError } from '../framework/cli-error.js';
import { openInput } from '../framework/inputs.js';
import { StatsAccumulator, type ValueStats } from './stats-accumulator.js';

/** A TIFF, EDF or CBF file, as `pandaas info` reports it. */
export interface ImageDescription {
  readonly format: ImageFormat;
  /** Number of frames (TIFF pages, EDF blocks). */
  readonly frames: number;
  /** The first frame's shape, with the frame count in front when there are several. */
  readonly shape: readonly number[];
  readonly dtype: string;
  /** The first frame's header, keyed as fabio keys it. */
  readonly header: Readonly<Record<string, HeaderValue>>;
}

/**
 * Describes an image file from its first frame: format, frame count, shape, dtype and header.
 *
 * @example
 * ```ts
 * (await describeImage('pixium_03150.tif')).shape; // [1441, 1440]
 * ```
 */
export async function describeImage(file: string): Promise<ImageDescription> {
  const image = await readImage(file, { frames: [0] });
  const first = image.frames[0]!;
  return {
    format: image.format,
    frames: image.frameCount,
    shape: image.frameCount === 1 ? first.data.shape : [image.frameCount, ...first.data.shape],
    dtype: first.data.dtype,
    header: first.header,
  };
}

/**
 * Min, max, mean, sum and NaN count over every frame of an image file (integers summed
 * exactly), the frames decoded one at a time.
 *
 * @example
 * ```ts
 * (await imageStats('pixium_03150.tif')).max;
 * ```
 */
export async function imageStats(file: string, signal?: AbortSignal): Promise<ValueStats> {
  const input = await openInput({ file });
  try {
    const accumulator = new StatsAccumulator({ integer: !(isDType(input.dtype) && isFloat(input.dtype)) });
    for await (const frame of input.frames(signal === undefined ? {} : { signal })) accumulator.add(await frame.data());
    if (signal?.aborted) throw new InterruptedError();
    return accumulator.result();
  } finally {
    await input.close();
  }
}
