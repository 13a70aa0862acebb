"""pyFAI side of the integrate benchmark (benchmarks/integrate/run.ts spawns it).

Usage: /usr/bin/python3 reference.py '{"detector": "Eiger4M", "npt": 1000, "runs": 10, "frame": "/tmp/x/frame.i32", ...}'

Reads the benchmark frame that run.ts wrote (int32, little-endian, C order; -1 in the module
gaps), then times pyFAI's integrate1d (integrate1d_ng in 0.21) on it for each method (split no/bbox/full x histogram/csr, cython) with error_model="poisson": the
first call apart (for CSR it builds the matrix), then the median and minimum of `runs` calls.
Also times setup_CSR alone (geometry arrays already cached) and reports the CSR's non-zeros and
bytes, and prints the intensities so the runner can check that pandaas agrees. The runner sets
OMP_NUM_THREADS to the thread count asked for (pyFAI's Cython loops use OpenMP).
"""

import json
import os
import pathlib
import platform
import sys
import time

import numpy as np
import pyFAI
import pyFAI.detectors
from pyFAI.azimuthalIntegrator import AzimuthalIntegrator

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "common"))
from reference_timing import timed  # noqa: E402


def integrator(spec):
    detector = pyFAI.detectors.detector_factory(spec["detector"])
    g = spec["geometry"]
    return AzimuthalIntegrator(dist=g["dist"], poni1=g["poni1"], poni2=g["poni2"], rot1=g["rot1"], rot2=g["rot2"],
                               rot3=g["rot3"], wavelength=g["wavelength"], detector=detector)


def read_frame(spec, shape):
    """The frame run.ts wrote: int32, little-endian, C order."""
    frame = np.fromfile(spec["frame"], dtype="<i4")
    if frame.size != shape[0] * shape[1]:
        raise ValueError(f"{spec['frame']} holds {frame.size} values, not {shape[0]} x {shape[1]}")
    return frame.reshape(shape)


def main():
    spec = json.loads(sys.argv[1])
    frame = read_frame(spec, integrator(spec).detector.shape)
    results = {}
    for split, algo in spec["methods"]:
        ai = integrator(spec)
        method = (split, algo, "cython")

        def call(ai=ai, method=method):
            return ai.integrate1d(frame, spec["npt"], unit=spec["unit"], method=method, error_model="poisson")

        timing, out = timed(call, spec["runs"])
        results[f"{split}-{algo}"] = {"timing": timing, "pyfaiMethod": str(out.method),
                                      "radial": out.radial.tolist(), "intensity": out.intensity.tolist(),
                                      "count": out.count.tolist()}
    builds = {}
    for split in spec["csrSplits"]:
        ai = integrator(spec)
        ai.integrate1d(frame, spec["npt"], unit=spec["unit"], method=(split, "histogram", "cython"))  # caches the geometry arrays
        t0 = time.perf_counter_ns()
        csr = ai.setup_CSR(frame.shape, spec["npt"], ai.detector.mask, unit=spec["unit"], split=split, scale=False)
        build_ms = (time.perf_counter_ns() - t0) / 1e6
        data, indices, indptr = csr.lut
        builds[split] = {"buildMs": build_ms, "nnz": int(data.size),
                         "bytes": int(data.nbytes + indices.nbytes + indptr.nbytes),
                         "dtypes": [str(data.dtype), str(indices.dtype), str(indptr.dtype)]}
    print(json.dumps({
        "python": platform.python_version(),
        "pyFAI": pyFAI.version,
        "numpy": np.__version__,
        "threads": int(os.environ.get("OMP_NUM_THREADS", "0")) or None,
        "shape": list(frame.shape),
        "methods": results,
        "csr": builds,
    }))


if __name__ == "__main__":
    main()
