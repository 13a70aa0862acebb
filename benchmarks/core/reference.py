"""numpy/scipy side of the core benchmarks (benchmarks/core/run.ts spawns it).

Usage: /usr/bin/python3 reference.py '{"runs": 10, "cases": [{"id": "fft", "params": {...}}]}'

Builds the same inputs as inputs.ts (an integer hash of the element index, so the float32
values are identical), times each reference call (first call apart, then median and min of
`runs`), and prints one JSON object: versions, and per case the timings of each reference
variant, the primary variant's name and the checksums of its output (as checksum.ts computes).
Run single-threaded: the runner sets OMP/OPENBLAS/MKL_NUM_THREADS=1; scipy.fft gets workers=1.
"""

import json
import pathlib
import platform
import sys

import numpy as np
import scipy
import scipy.fft
import scipy.sparse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "common"))
from reference_timing import measure  # noqa: E402


def hash_unit(n, seed):
    """inputs.ts hashUnit for indices 0..n-1, as float64 in [0, 1)."""
    h = np.arange(n, dtype=np.uint32) ^ np.uint32((seed * 0x9E3779B9) & 0xFFFFFFFF)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h.astype(np.float64) / 4294967296.0


def uniform_float32(n, seed, lo, hi):
    return (lo + (hi - lo) * hash_unit(n, seed)).astype(np.float32)


def ring_csr(p):
    """inputs.ts ringCsr: pixels binned by squared radius, columns in row-major order."""
    y, x = np.divmod(np.arange(p["height"] * p["width"], dtype=np.int64), p["width"])
    r2 = (y - p["centreY"]) ** 2 + (x - p["centreX"]) ** 2
    corners = [(cy - p["centreY"]) ** 2 + (cx - p["centreX"]) ** 2
               for cy in (0, p["height"] - 1) for cx in (0, p["width"] - 1)]
    bins = (r2 * p["rows"]) // (max(corners) + 1)
    indices = np.argsort(bins, kind="stable").astype(np.int32)
    indptr = np.zeros(p["rows"] + 1, dtype=np.int32)
    indptr[1:] = np.cumsum(np.bincount(bins, minlength=p["rows"]))
    weights = uniform_float32(indices.size, p["seed"], 0.5, 1.0)
    return indptr, indices, weights


def checksum(values):
    v = np.asarray(values, dtype=np.float64).ravel()
    w = (np.arange(v.size) % 13 - 6).astype(np.float64)
    return {"sum": float(v.sum()), "weighted": float((v * w).sum()), "magnitude": float(np.abs(v).sum())}


def elementwise_add(p, runs):
    a = uniform_float32(p["n"], p["seedA"], -1.0, 1.0)
    b = uniform_float32(p["n"], p["seedB"], -1.0, 1.0)
    c = np.empty_like(a)
    variants = {
        "numpy a + b": measure(lambda: a + b, runs),
        "numpy add(a, b, out=c)": measure(lambda: np.add(a, b, out=c), runs),
    }
    return "numpy a + b", variants, [checksum(a + b)]


def reduce_sum(p, runs):
    x = uniform_float32(p["rows"] * p["cols"], p["seed"], 0.0, 1.0).reshape(p["rows"], p["cols"])
    variants = {
        "numpy x.sum()": measure(lambda: x.sum(), runs),
        "numpy x.sum(dtype=float64)": measure(lambda: x.sum(dtype=np.float64), runs),
    }
    return "numpy x.sum()", variants, [checksum(x.sum())]


def reduce_sum_rows(p, runs):
    x = uniform_float32(p["rows"] * p["cols"], p["seed"], 0.0, 1.0).reshape(p["rows"], p["cols"])
    variants = {"numpy x.sum(axis=-1)": measure(lambda: x.sum(axis=-1), runs)}
    return "numpy x.sum(axis=-1)", variants, [checksum(x.sum(axis=-1))]


def csr_spmv(p, runs):
    indptr, indices, weights = ring_csr(p)
    x = uniform_float32(p["height"] * p["width"], p["seedX"], 0.0, 1.0)
    m = scipy.sparse.csr_matrix((weights, indices, indptr), shape=(p["rows"], x.size))
    variants = {"scipy csr_matrix @ x": measure(lambda: m @ x, runs)}
    return "scipy csr_matrix @ x", variants, [checksum(m @ x)]


def batched_fft(p, runs):
    shape = (p["batch"], p["n"])
    re = uniform_float32(shape[0] * shape[1], p["seedRe"], -1.0, 1.0).reshape(shape)
    im = uniform_float32(shape[0] * shape[1], p["seedIm"], -1.0, 1.0).reshape(shape)
    z = (re + 1j * im).astype(np.complex64)
    variants = {
        "scipy.fft.fft (complex64, workers=1)": measure(lambda: scipy.fft.fft(z, axis=-1, workers=1), runs),
        "numpy.fft.fft (computes in complex128)": measure(lambda: np.fft.fft(z, axis=-1), runs),
    }
    out = scipy.fft.fft(z, axis=-1, workers=1)
    return "scipy.fft.fft (complex64, workers=1)", variants, [checksum(out.real), checksum(out.imag)]


CASES = {
    "elementwise-add": elementwise_add,
    "reduce-sum": reduce_sum,
    "reduce-sum-rows": reduce_sum_rows,
    "csr-spmv": csr_spmv,
    "fft": batched_fft,
}


def main():
    spec = json.loads(sys.argv[1])
    results = {}
    for case in spec["cases"]:
        primary, variants, checksums = CASES[case["id"]](case["params"], spec["runs"])
        results[case["id"]] = {"primary": primary, "variants": variants, "checksums": checksums}
    print(json.dumps({
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "cases": results,
    }))


if __name__ == "__main__":
    main()
