import { isPandaasError } from '@pandaas/core';
import type { NxParameters } from '@pandaas/io-nexus';
import { paganinMargin, reconstructVolume, type VolumeOptions, type VolumePaganinOptions } from '@pandaas/tomo';
import { CliError, UsageError } from '../framework/cli-error.js';
import type { Command, CommandContext } from '../framework/command.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { withOutputs } from '../framework/outputs.js';
import { Progress } from '../framework/progress.js';
import { packageVersion } from '../demo/machine.js';
import { VERSION } from '../version.js';
import { parseReconRequest, RECON_OPTIONS, type ReconRequest } from './recon/options.js';
import { writeSlicePlot } from './recon/slice-plot.js';
import { openTomoInput, type TomoInput } from './recon/tomo-input.js';
import { RECON_PATHS, VolumeFile } from './recon/volume-file.js';

const DATA = 'examples/data/tooth';

/** What `pandaas recon --json` prints. */
interface ReconSummary {
  input: string;
  layout: string;
  projections: number;
  detector: [number, number];
  slices: [number, number];
  center: number;
  centerMethod: 'given' | 'auto (Vo)';
  filter: string;
  backend: string;
  paganin?: { deltaBeta: number; energy: number; distance: number; pixelSize: number; margin: number };
  rings?: string;
  halfAcquisition: boolean;
  size: number;
  outputs: { nexus: string; nxdata: string; shape: [number, number, number]; plot?: string };
  timings: { readMs: number; reconstructMs: number; totalMs: number };
  slicesPerSecond: number;
  /** The most detector rows of all projections held at once. */
  peakRows: number;
}

/**
 * `pandaas recon`: filtered backprojection of a parallel-beam tomography scan (NXtomo or APS
 * Data Exchange) with @pandaas/tomo, streamed slab by slab from the file to the NeXus volume
 * (bounded memory, whatever the volume's size): flat/dark normalisation, optional Paganin phase
 * retrieval and ring removal, the centre given or found, FBP with the filter chosen.
 *
 * @example
 * ```ts
 * await main(['recon', 'examples/data/tooth/tooth_nxtomo.nxs', '--cor', 'auto', '-o', 'tooth.nxs', '--png', 'slice.png']);
 * ```
 */
export const reconCommand: Command = {
  name: 'recon',
  summary: 'Reconstruct a tomography scan (NXtomo or Data Exchange) by filtered backprojection, slab by slab.',
  usage: 'pandaas recon FILE [--cor auto|PIXEL] [--filter NAME] [--paganin DELTA_BETA ...] [--rings munch|vo] [--slices A:B] -o VOLUME.nxs [options]',
  description: [
    'FILE is an HDF5 file with an NXtomo entry (frames with image_key: 0 projection, 1 flat, 2 dark, and',
    'sample/rotation_angle) or in the APS Data Exchange layout (/exchange/data, data_white, data_dark,',
    'theta in degrees). Each flat and dark series is reduced to its mean; between series they are',
    'interpolated linearly in frame index (nabu\'s rule). Without darks, the darks are taken as 0 (said',
    'on stderr); without flats, or without image_key, recon stops. Each projection is normalised,',
    '(I - D) / (F - D), then -ln (clipped to [1e-6, 10]) or Paganin\'s filter with its -ln; the sinograms',
    'are optionally freed of rings and reconstructed by FBP (pixel-driven, linear interpolation,',
    'scikit-image\'s filters and zero padding), in 1/pixel. --cor is the axis position on the detector',
    "row in pixels from the first pixel's centre; auto finds it by Vo's method on the middle slice.",
    '',
    'The projections are read a slab of detector rows at a time and the volume is written to the file',
    'as its slices come (a chunked dataset written in slabs): memory holds a few batches of rows,',
    'whatever the volume\'s size. The volume is the NXdata /entry/recon/volume [slices, size, size]',
    'float32 with axes in pixels (and in metres when the pixel size is known), inside the NXprocess',
    '/entry/recon that records every option and the centre used.',
  ].join('\n'),
  options: RECON_OPTIONS,
  examples: [
    {
      command: `pandaas recon ${DATA}/tooth_nxtomo.nxs --cor auto -o tooth.nxs --png tooth.png`,
      description: "finds the axis (about 296 px) and reconstructs both rows of the tooth scan, with a picture of the middle slice",
    },
    {
      command: `pandaas recon ${DATA}/tooth.h5 --cor 296 --filter shepp-logan --rings munch -o tooth-sl.nxs`,
      description: 'the Data Exchange original, the axis given, a Shepp-Logan window and ring removal',
    },
    {
      command: 'pandaas recon scan.nx --paganin 100 --energy 20 --distance 0.5 --pixel-size 1e-6 --slices 1000:1100 --backend webgpu -o slab.nxs',
      description: 'phase retrieval, then 100 slices from the middle of the detector, reconstructed on the GPU',
    },
  ],
  run: async (ctx, args) => {
    const started = performance.now();
    const request = parseReconRequest(args, ctx.cwd);
    const scan = await openTomoInput(request.input);
    try {
      for (const note of scan.notes) ctx.stderr.write(`pandaas recon: ${note}\n`);
      const summary = await recon(ctx, request, scan, started);
      ctx.stdout.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : describe(summary));
    } finally {
      await scan.close();
    }
  },
};

/** `--slices A:B` as detector rows `[start, stop)` (Python's rules); all rows without it. */
function sliceRange(request: ReconRequest, rows: number, label: string): [number, number] {
  const s = request.slices;
  if (s === undefined) return [0, rows];
  const clamp = (value: number | undefined, fallback: number) => (value === undefined ? fallback : Math.min(Math.max(value < 0 ? value + rows : value, 0), rows));
  const start = clamp(s.start, 0);
  const stop = clamp(s.stop, rows);
  if (stop <= start) throw new CliError(`--slices ${s.text} selects no detector row: ${label} has ${rows} rows`, EXIT_CODES.mismatch);
  return [start, stop];
}

/** The Paganin options: the command line's, else the file's; a UsageError names what is missing. */
function paganinOf(request: ReconRequest, scan: TomoInput): VolumePaganinOptions | undefined {
  const p = request.paganin;
  if (p === undefined) return undefined;
  const energy = p.energy ?? scan.instrument.energy;
  const distance = p.distance ?? scan.instrument.distance;
  const pixelSize = p.pixelSize ?? scan.instrument.pixelSize;
  const missing = [energy === undefined ? '--energy KEV' : '', distance === undefined ? '--distance M' : '', pixelSize === undefined ? '--pixel-size M' : ''].filter(Boolean);
  if (missing.length > 0) throw new UsageError(`--paganin needs ${missing.join(', ')}: ${scan.label} does not give ${missing.length === 1 ? 'it' : 'them'}`);
  return { deltaBeta: p.deltaBeta, energy: energy!, distance: distance!, pixelSize: pixelSize! };
}

/** The slab height read at once and the FBP batch: `--batch`, else about 64 MiB of rows of all projections. */
function batchOf(request: ReconRequest, scan: TomoInput): number {
  return request.batch ?? Math.max(1, Math.min(64, Math.floor((64 << 20) / (4 * scan.nAngles * scan.nDet))));
}

async function recon(ctx: CommandContext, request: ReconRequest, scan: TomoInput, started: number): Promise<ReconSummary> {
  const { nAngles, rows, nDet, label } = scan;
  const [first, last] = sliceRange(request, rows, label);
  if (typeof request.cor === 'number' && (request.cor < 0 || request.cor > nDet - 1)) {
    throw new CliError(`--cor ${request.cor} is off the detector: ${label} has rows of ${nDet} pixels (positions 0 to ${nDet - 1})`, EXIT_CODES.mismatch);
  }
  const phase = paganinOf(request, scan);
  const margin = phase === undefined ? 0 : paganinMargin(phase);
  const [readFrom, readTo] = [Math.max(0, first - margin), Math.min(rows, last + margin)];
  const angles = Float64Array.from(scan.degrees, (d) => (d * Math.PI) / 180);
  const batch = batchOf(request, scan);
  const pixelSize = request.pixelSize ?? scan.instrument.pixelSize;
  const readMs = performance.now() - started;
  let centerRows: VolumeOptions['centerRows'];
  if (request.cor === 'auto') {
    const middle = first + Math.floor((last - first) / 2);
    const [from, to] = [Math.max(0, middle - margin), Math.min(rows, middle + margin + 1)];
    centerRows = { projections: await scan.readRows(from, to), rowStart: from, row: middle };
  }
  const destinations = [request.output, ...(request.png === undefined ? [] : [request.png])];
  return withOutputs(destinations, { overwrite: request.overwrite, inputs: [request.input], signal: ctx.signal }, async ([nexusPath, plotPath]) => {
    const progress = new Progress(ctx.stderr, { unit: 'slices', total: last - first, interactive: ctx.interactive });
    const middleIndex = Math.floor((last - first) / 2);
    let file: VolumeFile | undefined;
    let middle: Float32Array | undefined;
    let imageCenter = 0;
    const reconStart = performance.now();
    async function* slabs() {
      for (let row = readFrom; row < readTo; row += batch) {
        if (ctx.signal.aborted) return;
        yield await scan.readRows(row, Math.min(readTo, row + batch));
      }
    }
    let result;
    try {
      result = await reconstructVolume(slabs(), {
        angles,
        flats: scan.flats,
        darks: scan.darks,
        indices: scan.indices,
        rowStart: readFrom,
        rowCount: readTo - readFrom,
        slices: [first, last],
        center: request.cor,
        ...(centerRows === undefined ? {} : { centerRows }),
        ...(phase === undefined ? {} : { paganin: phase }),
        ...(request.rings === undefined ? {} : { rings: request.rings }),
        halfAcquisition: request.halfAcquisition,
        filter: request.filter,
        backend: request.backend,
        batch,
        signal: ctx.signal,
        onStart: async (info) => {
          if (request.cor === 'auto') ctx.stderr.write(`pandaas recon: rotation axis found at ${info.center.toFixed(2)} px (Vo's method, detector row ${centerRows!.row})\n`);
          imageCenter = info.geometry.imageCenter;
          file = await VolumeFile.create(nexusPath!, { slices: info.slices, size: info.size, rowStart: first, imageCenter, ...(pixelSize === undefined ? {} : { pixelSize }) });
        },
      }, async (slab) => {
        await file!.write(slab.index, slab.images);
        const n = slab.images.shape[0];
        if (plotPath !== undefined && middleIndex >= slab.index && middleIndex < slab.index + n) {
          const plane = slab.images.shape[1] * slab.images.shape[2];
          middle = slab.images.dataSync().slice((middleIndex - slab.index) * plane, (middleIndex - slab.index + 1) * plane);
        }
        progress.advance(n);
        await new Promise<void>((resolve) => setImmediate(resolve)); // let Ctrl-C and the progress through
      });
    } catch (err) {
      await file?.abort();
      throw backendError(err);
    }
    progress.finish();
    const reconstructMs = performance.now() - reconStart;
    const { center, size } = result;
    await file!.finish({
      program: '@pandaas/tomo',
      version: packageVersion('@pandaas/tomo'),
      parameters: recordedParameters(request, scan, { first, last, center, margin, batch, phase, pixelSize }),
      note: `pandaas ${VERSION}: pandaas recon of detector rows ${first} to ${last - 1} of ${label} (${nAngles} projections of ${nDet} pixels), axis at ${center} px. The volume is in 1/pixel${pixelSize === undefined ? '' : `; divided by pixel_size (${pixelSize} m) it is in 1/m`}.`,
    }, `pandaas recon ${request.inputText}`);
    if (plotPath !== undefined) {
      await writeSlicePlot(plotPath, { values: middle!, size, imageCenter, title: `${request.inputText}: detector row ${first + middleIndex}, axis at ${center.toFixed(2)} px` });
    }
    const seconds = Math.max(reconstructMs / 1000, 1e-9);
    return {
      input: request.inputText,
      layout: scan.layout,
      projections: nAngles,
      detector: [rows, nDet],
      slices: [first, last],
      center,
      centerMethod: request.cor === 'auto' ? 'auto (Vo)' : 'given',
      filter: request.filter,
      backend: request.backend,
      ...(phase === undefined ? {} : { paganin: { deltaBeta: phase.deltaBeta, energy: phase.energy, distance: phase.distance, pixelSize: phase.pixelSize as number, margin } }),
      ...(request.rings === undefined ? {} : { rings: request.rings }),
      halfAcquisition: request.halfAcquisition,
      size,
      outputs: { nexus: request.output, nxdata: RECON_PATHS.nxdata, shape: [last - first, size, size], ...(request.png === undefined ? {} : { plot: request.png }) },
      timings: { readMs: round(readMs), reconstructMs: round(reconstructMs), totalMs: round(performance.now() - started) },
      slicesPerSecond: round((last - first) / seconds),
      peakRows: result.peakRows,
    };
  });
}

/** WebGPU asked for and not available: exit status 7 with the command's words. */
function backendError(err: unknown): unknown {
  if (!isPandaasError(err, 'E_BACKEND')) return err;
  const reason = err.cause instanceof Error ? err.cause.message : err.message;
  return new CliError(`--backend webgpu: WebGPU is not available here (${reason}); reconstruct with --backend cpu (the default)`, EXIT_CODES.backend, { cause: err });
}

/** Every option and what was used, for the NXprocess. */
function recordedParameters(
  r: ReconRequest,
  scan: TomoInput,
  used: { first: number; last: number; center: number; margin: number; batch: number; phase?: VolumePaganinOptions; pixelSize?: number },
): NxParameters {
  const p = used.phase;
  return {
    command: 'pandaas recon',
    cli_version: VERSION,
    input: r.inputText,
    layout: scan.layout,
    projections: scan.nAngles,
    rotation_angle: { value: scan.degrees, units: 'deg' },
    slices: `${used.first}:${used.last}`,
    center: { value: used.center, units: 'pixel' },
    center_method: r.cor === 'auto' ? "auto: Vo's method on the middle slice" : 'given (--cor)',
    center_convention: "absolute position on the detector row, pixels from the first pixel's centre",
    flat_field: 'mean of each flat and dark series, interpolated linearly in frame index between series; (I - D) / max(F - D, 1e-6)',
    minus_log: p === undefined ? 'clipped to [1e-6, 10]' : 'after the Paganin filter, clipped to [1e-6, 10]',
    paganin: p === undefined ? 'none' : { delta_beta: p.deltaBeta, energy: { value: p.energy, units: 'keV' }, distance: { value: p.distance, units: 'm' }, pixel_size: { value: p.pixelSize as number, units: 'm' }, padding: 'edge', margin: used.margin },
    rings: r.rings ?? 'none',
    half_acquisition: r.halfAcquisition,
    filter: r.filter,
    padding: 'zero',
    interpolation: 'linear',
    backend: r.backend,
    batch: used.batch,
    ...(used.pixelSize === undefined ? {} : { pixel_size: { value: used.pixelSize, units: 'm' } }),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function describe(s: ReconSummary): string {
  const slices = s.slices[1] - s.slices[0];
  return [
    `reconstructed ${slices} slice${slices === 1 ? '' : 's'} (detector rows ${s.slices[0]} to ${s.slices[1] - 1}) of ${s.input} (${s.layout}, ${s.projections} projections of ${s.detector[1]} pixels)` +
      ` by FBP (${s.filter}, ${s.backend}) with the axis at ${s.center.toFixed(2)} px (${s.centerMethod}) in ${(s.timings.reconstructMs / 1000).toFixed(2)} s, ${s.slicesPerSecond} slices/s`,
    `wrote ${s.outputs.nexus} (NXdata ${s.outputs.nxdata}, volume [${s.outputs.shape.join(', ')}] in 1/pixel)`,
    ...(s.outputs.plot === undefined ? [] : [`wrote ${s.outputs.plot}`]),
    '',
  ].join('\n');
}
