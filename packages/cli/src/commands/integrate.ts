import { bytesPerElement, isDType } from '@pandaas/core';
import { formatMethod, integrateStack, type NxAxisDescription } from '@pandaas/integrate';
import { CliError, InterruptedError } from '../framework/cli-error.js';
import type { Command, CommandContext } from '../framework/command.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { openInput, type InputArray } from '../framework/inputs.js';
import { withOutputs } from '../framework/outputs.js';
import { Progress } from '../framework/progress.js';
import { resolveFrameRange, type FrameRange } from './integrate/frame-selection.js';
import { batchSize } from './integrate/batch-size.js';
import { formatShape, integratorFor } from './integrate/geometry.js';
import { INTEGRATE_OPTIONS, parseIntegrateRequest, type IntegrateRequest } from './integrate/options.js';
import { readPixelArrays } from './integrate/pixel-arrays.js';
import { buildPlan, integrationOptions } from './integrate/plan.js';
import { indexAxis, stackLayout, type IntegrationResult, type StackLayout } from './integrate/result-stack.js';
import { StackPicture } from './integrate/stack-picture.js';
import { RESULT_PATHS, ResultFile, resultPlot, writeResultPlot } from './integrate/write-result.js';
import type { NxParameters } from '@pandaas/io-nexus';
import { VERSION } from '../version.js';

const DATA = 'examples/data/ssrl-lab6';

/** What `pandaas integrate --json` prints. */
interface IntegrateSummary {
  input: string;
  frames: number;
  frameRange: [number, number];
  frameShape: number[];
  detector: string;
  dimension: 1 | 2;
  npt: number;
  nptAzim?: number;
  unit: string;
  method: string;
  backend: string;
  errorModel: string;
  outputs: { nexus: string; nxdata: string; shape: number[]; plot?: string };
  timings: { planMs: number; integrateMs: number; writeMs: number; totalMs: number };
  fps: number;
}

/**
 * `pandaas integrate`: azimuthal integration of one frame or a whole stack with
 * @pandaas/integrate (pyFAI's `integrate1d_ng`/`integrate2d_ng`), streamed with one plan built
 * once and bounded memory, written as NeXus (NXentry / NXprocess / NXdata) and optionally
 * plotted.
 *
 * @example
 * ```ts
 * await main(['integrate', 'scan.nxs::/entry/data/data', '--poni', 'calib.poni', '--npt', '1000', '-o', 'result.nxs']);
 * ```
 */
export const integrateCommand: Command = {
  name: 'integrate',
  summary: 'Integrate diffraction frames (one, or a whole stack) into 1D patterns or 2D cakes, as pyFAI does.',
  usage: 'pandaas integrate FILE[::/path/to/frames] --poni FILE.poni --npt N -o RESULT.nxs [options]',
  description: [
    'The frames are an HDF5/NeXus dataset of one frame [rows, columns] or a stack [frames, rows, columns]',
    '(FILE alone: its default NXdata), or a TIFF, EDF or CBF image. One plan is built for all frames and',
    'the stack is streamed a batch at a time, and each result is written to the file as it comes: memory',
    'holds one batch and a chunk of results (about 1 MiB), whatever the length of the stack. The --png of',
    'a stack of patterns (frames along y) keeps at most 2048 x 2048 values: beyond, blocks of frames (or',
    'bins) are drawn by their maximum, as the plot would draw them.',
    'The one PONI applies to every frame integrated: a stack is for a detector that stays put. Where the',
    'detector moves between frames (the LaB6 θ-2θ scan below: the arm carries it), integrate each frame',
    'with its own PONI (--frames K).',
    'The result is an NXdata inside an NXprocess (program, version, PONI, method, every option) with',
    'signal I [npt] ([nptAzim, npt] in 2D), a leading frame axis for a stack, and its errors (sigma).',
    '',
    "Defaults are pyFAI's integrate1d_ng ones: unit q_nm^-1, bbox splitting with CSR on the CPU,",
    'solid-angle correction on, no polarization correction, no error model, no dummy value. The',
    "detector's module gaps (PILATUS, EIGER) are always masked, and --mask adds to them. Pixels are",
    'also invalid when NaN or infinite; for the negative counts of dead pixels give',
    "--dummy -2 --delta-dummy 1.5 (pyFAI's values for Dectris detectors).",
  ].join('\n'),
  options: INTEGRATE_OPTIONS,
  examples: [
    {
      command: `pandaas integrate ${DATA}/lab6_tth_scan.nxs::/entry/data/data --frames 0 --poni ${DATA}/lab6_0009.poni --npt 1000 --unit 2th_deg -o lab6.nxs --png lab6.png`,
      description: 'integrates the first frame of the LaB6 scan into 1000 bins of 2θ, and plots the pattern',
    },
    {
      command: `pandaas integrate ${DATA}/lab6_tth_scan.nxs --frames 1 --poni ${DATA}/lab6_0032.poni --npt 500 --error-model poisson --polarization 0.99 -o frame1.nxs`,
      description: 'frame 1 of the scan (its default NXdata) with that frame\'s own geometry (lab6_0032.poni), with Poisson errors and the polarization correction',
    },
    {
      command: `pandaas integrate ${DATA}/lab6_tth_scan.nxs::/entry/data/data --frames 1 --poni ${DATA}/lab6_0032.poni --npt 500 --npt-azim 72 --method full,csr -o cake.nxs --png cake.png`,
      description: 'a 2D "cake" (72 azimuthal x 500 radial bins) of the second frame, with full pixel splitting',
    },
    {
      command: `pandaas integrate ${DATA}/lab6_tth_scan.nxs --frames 2 --poni ${DATA}/lab6_0050.poni --npt 1000 --backend webgpu --json -o gpu.nxs`,
      description: 'frame 2 with its own geometry, on the GPU (WebGPU), with a JSON summary (frames, method, timings, fps) on stdout',
    },
  ],
  run: async (ctx, args) => {
    const started = performance.now();
    const request = parseIntegrateRequest(args, ctx.cwd);
    const input = await openInput(request.input);
    try {
      const summary = await integrate(ctx, request, input, started);
      ctx.stdout.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : describe(summary));
    } finally {
      await input.close();
    }
  },
};

async function integrate(ctx: CommandContext, request: IntegrateRequest, input: InputArray, started: number): Promise<IntegrateSummary> {
  if (input.shape.length > 3) {
    throw new CliError(`${request.inputText} has the shape ${formatShape(input.shape)}: frames are read from 2D or 3D datasets`, EXIT_CODES.badInput);
  }
  const frameShape = (input.shape.length >= 2 ? input.shape.slice(-2) : [1, input.shape[0]!]) as [number, number];
  const range = resolveFrameRange(request.frames, input.frameCount, input.shape.length === 3, request.inputText);
  const count = range.stop - range.start;
  // a range reaching past 180 degrees is only expressible with chi in [0, 360)
  const chiDiscAtZero = request.azimuthRange !== undefined && request.azimuthRange[1] > 180;
  const ai = await integratorFor(request.poni, frameShape, chiDiscAtZero, request.inputText);
  const pixels = await readPixelArrays(request.pixelFiles, frameShape);
  const options = integrationOptions(request, pixels);
  const inputs = [input.file, request.poni, ...Object.values(request.pixelFiles).map((f) => f.location.file)];
  const destinations = [request.output, ...(request.png === undefined ? [] : [request.png])];
  // the frame axis is the input's own when it has one (read before the frames, not while they are read)
  const inputAxis = range.stack ? await input.axis(0) : undefined;
  return withOutputs(destinations, { overwrite: request.overwrite, inputs, signal: ctx.signal }, async ([nexusPath, plotPath]) => {
    const planStart = performance.now();
    const plan = await buildPlan(ai, options);
    const planMs = performance.now() - planStart;
    let first: IntegrationResult | undefined;
    let layout: StackLayout | undefined;
    let picture: StackPicture | undefined;
    let file: ResultFile | undefined;
    const integrateStart = performance.now();
    let integrateMs: number;
    let writeMs: number;
    try {
      try {
        file = await ResultFile.create(nexusPath!);
        const progress = new Progress(ctx.stderr, { unit: 'frames', total: count, interactive: ctx.interactive });
        const batch = batchSize(frameShape[0] * frameShape[1] * (isDType(input.dtype) ? bytesPerElement(input.dtype) : 8));
        const frames = input.frames({ batch, start: range.start, stop: range.stop, signal: ctx.signal });
        let done = 0;
        let paused = performance.now();
        for await (const result of integrateStack<IntegrationResult>(plan, frames, { signal: ctx.signal })) {
          if (first === undefined) {
            first = result;
            if (range.stack) {
              layout = stackLayout(result, count, frameAxis(inputAxis, input.frameCount, range, result));
              file.beginStack(layout);
              // the picture of a stack of patterns (a stack of cakes shows its first cake)
              if (plotPath !== undefined && count > 1 && layout.one.interpretation === 'spectrum') picture = new StackPicture(count, layout.bins);
            }
          }
          if (layout !== undefined) await file.add(result);
          picture?.add(result.intensity);
          done++;
          progress.advance(1);
          // let Ctrl-C (and the progress output) through even when every frame is integrated without a pause
          if (performance.now() - paused > 50) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            paused = performance.now();
          }
        }
        if (ctx.signal.aborted) throw new InterruptedError();
        if (done !== count || first === undefined) throw new CliError(`${request.inputText}: ${done} frames were read of the ${count} expected`, EXIT_CODES.io);
        progress.finish();
      } finally {
        plan.dispose();
      }
      integrateMs = performance.now() - integrateStart;
      const writeStart = performance.now();
      await file.finish(
        {
          process: first.toNxProcess(),
          parameters: recordedParameters(request, range, chiDiscAtZero),
          title: `pandaas integrate ${request.inputText}`,
          note: `pandaas ${VERSION}: pandaas integrate of ${count} frame${count === 1 ? '' : 's'} of ${request.inputText} with ${request.poni}`,
        },
        layout === undefined ? first.toNxData() : undefined,
      );
      if (plotPath !== undefined) await writeResultPlot(plotPath, resultPlot(first, layout, picture));
      writeMs = performance.now() - writeStart;
    } catch (err) {
      await file?.abort();
      throw err;
    }
    return {
      input: request.inputText,
      frames: count,
      frameRange: [range.start, range.stop],
      frameShape: [...frameShape],
      detector: ai.detector.name,
      dimension: plan.dimension,
      npt: request.npt,
      ...(request.nptAzim === undefined ? {} : { nptAzim: request.nptAzim }),
      unit: first.unit,
      method: formatMethod(plan.method),
      backend: plan.engine.backend,
      errorModel: plan.errorModel,
      outputs: {
        nexus: request.output,
        nxdata: RESULT_PATHS.nxdata,
        shape: layout === undefined ? [...first.toNxData().signal.data.shape] : [...layout.shape],
        ...(request.png === undefined ? {} : { plot: request.png }),
      },
      timings: { planMs: round(planMs), integrateMs: round(integrateMs), writeMs: round(writeMs), totalMs: round(performance.now() - started) },
      fps: round(count / Math.max(integrateMs / 1000, 1e-9)),
    };
  });
}

/**
 * The frame axis of a stack: the input NXdata's axis of the first dimension (a scan's motor
 * positions), for the frames integrated, unless a field of the result has its name; else the
 * frame indices.
 */
function frameAxis(
  axis: Awaited<ReturnType<InputArray['axis']>>,
  frameCount: number,
  range: FrameRange,
  first: IntegrationResult,
): NxAxisDescription {
  const taken = new Set([...first.toNxData().axes.map((a) => a.name), 'I', 'I_errors', 'title']);
  if (axis === undefined || axis.values.length !== frameCount || taken.has(axis.name)) return indexAxis(range.stop - range.start, range.start);
  return { name: axis.name, data: axis.values.slice(range.start, range.stop), ...(axis.units === undefined ? {} : { units: axis.units }) };
}

/** The command-line choices the NXprocess records beside the package's own parameters. */
function recordedParameters(r: IntegrateRequest, range: FrameRange, chiDiscAtZero: boolean): NxParameters {
  return {
    command: 'pandaas integrate',
    cli_version: VERSION,
    input: r.inputText,
    frames: range.stack ? `${range.start}:${range.stop}` : String(range.start),
    correct_solid_angle: r.correctSolidAngle,
    ...(r.radialRange === undefined ? {} : { radial_range: [...r.radialRange] }),
    ...(r.azimuthRange === undefined ? {} : { azimuth_range: { value: [...r.azimuthRange], units: 'deg' } }),
    ...(chiDiscAtZero ? { chi_disc_at_zero: true } : {}),
    ...(r.dummy === undefined ? {} : { dummy: r.dummy }),
    ...(r.deltaDummy === undefined ? {} : { delta_dummy: r.deltaDummy }),
    ...Object.fromEntries(Object.entries(r.pixelFiles).map(([name, file]) => [name, file.text])),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function describe(s: IntegrateSummary): string {
  const bins = s.nptAzim === undefined ? `${s.npt} bins` : `${s.nptAzim} x ${s.npt} bins`;
  return [
    `integrated ${s.frames} frame${s.frames === 1 ? '' : 's'} ${formatShape(s.frameShape)} of ${s.input} into ${bins} of ${s.unit}` +
      ` (${s.method}, error model ${s.errorModel}) in ${(s.timings.integrateMs / 1000).toFixed(2)} s, ${s.fps} frames/s`,
    `wrote ${s.outputs.nexus} (NXdata ${s.outputs.nxdata}, I ${formatShape(s.outputs.shape)})`,
    ...(s.outputs.plot === undefined ? [] : [`wrote ${s.outputs.plot}`]),
    '',
  ].join('\n');
}
