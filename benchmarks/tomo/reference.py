"""scikit-image and silx side of the tomo benchmark (benchmarks/tomo/run.ts spawns it).

Usage: /usr/bin/python3 reference.py '{"sinogram": "/tmp/x/sino.f32", "nAngles": 2048, "nDet": 2048,
    "size": 2048, "runs": 3, "skimage": true, "skimageRuns": 1, "silx": true, "accuracy": 1024, "folder": "/tmp/x"}'

Reads the sinogram run.ts wrote (float32, little-endian, [nAngles, nDet], angles i * pi / nAngles),
then, each timed as reference_timing does (first call apart, median and minimum of `runs`), with
the median CPU time of the process (all its threads: time.process_time) beside the wall time:
- skimage 0.19 `iradon(sino.T, theta=degrees, output_size=size, filter_name='ramp',
  interpolation='linear', circle=False)` (single-threaded numpy) `skimageRuns` times (no warm-up:
  nothing to compile), its image written to `folder`/skimage.f32;
- silx 1.1 `Backprojection(sino_shape, slice_shape=(size, size), angles, axis_position=nDet // 2)`
  on its OpenCL device (pocl on a CPU-only machine), `filtered_backprojection(sino)`, its image
  written to `folder`/silx.f32 (axis at nDet // 2 like skimage's, so the images are comparable);
- with `accuracy` N: skimage's Shepp-Logan phantom resized to N, `radon(circle=False)` at
  `accuracyAngles` angles (float32) and `iradon` of it (float64, ramp, default size N), written to
  `folder`/accuracy-sino.f32 ([angles, detector]) and accuracy-iradon.f32, for run.ts to compare.
Prints one JSON object.
"""

import contextlib
import json
import os
import pathlib
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "common"))
from reference_timing import timed  # noqa: E402


def write(folder, name, array):
    path = os.path.join(folder, name)
    np.ascontiguousarray(array, dtype="<f4").tofile(path)
    return path


def run_skimage(spec, sino, degrees):
    import skimage
    from skimage.transform import iradon

    samples = []
    cpu = []
    for _ in range(spec["skimageRuns"]):  # plain numpy, nothing to warm up: every call counts
        t0 = time.perf_counter_ns()
        c0 = time.process_time_ns()
        image = iradon(sino.T, theta=degrees, output_size=spec["size"], filter_name="ramp", interpolation="linear", circle=False)
        cpu.append((time.process_time_ns() - c0) / 1e6)
        samples.append((time.perf_counter_ns() - t0) / 1e6)
    timing = {"medianMs": statistics.median(samples), "minMs": min(samples), "runs": len(samples), "cpuMedianMs": statistics.median(cpu)}
    return {"version": skimage.__version__, "timing": timing, "image": write(spec["folder"], "skimage.f32", image)}


def run_silx(spec, sino, radians):
    import silx
    from silx.opencl.backprojection import Backprojection

    bp = Backprojection(sino.shape, slice_shape=(spec["size"], spec["size"]), angles=radians, axis_position=spec["nDet"] // 2)
    device = bp.ctx.devices[0]
    cpu = []

    def body():
        c0 = time.process_time_ns()
        image = bp.filtered_backprojection(sino)
        cpu.append((time.process_time_ns() - c0) / 1e6)
        return image

    timing, image = timed(body, spec["runs"])
    timing["cpuMedianMs"] = statistics.median(cpu[1:])  # the warm-up's apart, as the wall times
    return {
        "version": silx.version,
        "device": f"{device.platform.name.strip()} / {device.name.strip()}",
        "computeUnits": int(device.max_compute_units),
        "timing": timing,
        "image": write(spec["folder"], "silx.f32", image),
    }


def run_accuracy(spec):
    from skimage.data import shepp_logan_phantom
    from skimage.transform import iradon, radon, resize

    n = spec["accuracy"]
    image = resize(shepp_logan_phantom(), (n, n), anti_aliasing=False, order=1)
    theta = np.arange(spec["accuracyAngles"]) * (180.0 / spec["accuracyAngles"])
    sino = radon(image, theta=theta, circle=False).astype(np.float32)
    rec = iradon(sino.astype(np.float64), theta=theta, filter_name="ramp", interpolation="linear", circle=False)
    return {
        "size": n,
        "angles": len(theta),
        "nDet": sino.shape[0],
        "sinogram": write(spec["folder"], "accuracy-sino.f32", sino.T),
        "iradon": write(spec["folder"], "accuracy-iradon.f32", rec),
        "range": float(rec.max() - rec.min()),
    }


def main():
    spec = json.loads(sys.argv[1])
    sino = np.fromfile(spec["sinogram"], dtype="<f4").reshape(spec["nAngles"], spec["nDet"])
    radians = np.arange(spec["nAngles"]) * (np.pi / spec["nAngles"])
    out = {"python": platform.python_version(), "numpy": np.__version__}
    if spec.get("skimage"):
        out["skimage"] = run_skimage(spec, sino, np.rad2deg(radians))
    if spec.get("silx"):
        try:
            with contextlib.redirect_stdout(sys.stderr):  # silx prints notices on stdout
                out["silx"] = run_silx(spec, sino, radians.astype(np.float32))
        except Exception as err:  # no OpenCL platform: reported, not fatal
            out["silxError"] = f"{type(err).__name__}: {err}"
    if spec.get("accuracy"):
        out["accuracy"] = run_accuracy(spec)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
