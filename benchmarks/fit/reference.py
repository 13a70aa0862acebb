"""scipy and silx side of the fit benchmark (benchmarks/fit/run.ts spawns it, single-threaded).

Usage: /usr/bin/python3 reference.py '<spec JSON>'

The spec names float64 files written by run.ts (the same numbers pandaas fits) and the number of
timed runs. Measured, each as a warm-up call then the median and minimum of the runs:
- single: one gaussian + linear background on 2048 points, scipy.optimize.curve_fit (method lm,
  as a user calls it: numeric Jacobian; and with the analytic Jacobian) and silx.math.fit.leastsq;
- batch: the first `referenceFits` curves of 128 points, each from its own start values, fitted
  one after the other by curve_fit and by silx leastsq (fits per second);
- snip: silx.math.fit.snip1d on each of the n spectra of 2048 channels (spectra per second; silx
  flattens a 2-D array into one spectrum, so the rows go one call each).
Prints one JSON object: versions, timings, and the fitted parameters (for agreement checks).
"""

import json
import statistics
import sys
import time

import numpy as np
import scipy
import silx
from scipy.optimize import curve_fit
from silx.math.fit import leastsq, snip1d

FOUR_LN2 = 4 * np.log(2)


def model(x, constant, slope, height, position, fwhm):
    return constant + slope * x + height * np.exp(-FOUR_LN2 * (x - position) ** 2 / fwhm**2)


def jacobian(x, constant, slope, height, position, fwhm):
    g = np.exp(-FOUR_LN2 * (x - position) ** 2 / fwhm**2)
    t = height * g * 2 * FOUR_LN2 * (x - position) / fwhm**2
    return np.column_stack([np.ones_like(x), x, g, t, t * (x - position) / fwhm])


def timed(fn, runs):
    t0 = time.perf_counter()
    result = fn()
    warmup = (time.perf_counter() - t0) * 1e3
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return result, {"warmupMs": warmup, "medianMs": statistics.median(samples), "minMs": min(samples), "runs": runs}


def load(path, shape):
    return np.fromfile(path, dtype="<f8").reshape(shape)


def single(spec, runs):
    m = spec["m"]
    x = np.arange(m, dtype=float)
    y = load(spec["ys"], (m,))
    p0 = list(load(spec["p0"], (5,)))
    out = {}
    params, out["curve_fit"] = timed(lambda: curve_fit(model, x, y, p0=p0, method="lm")[0], runs)
    out["curve_fit analytic jacobian"] = timed(lambda: curve_fit(model, x, y, p0=p0, jac=jacobian, method="lm")[0], runs)[1]
    silx_params, out["silx leastsq"] = timed(lambda: leastsq(model, x, y, p0)[0], runs)
    return {"timings": out, "params": list(params), "silxParams": list(silx_params)}


def batch(spec, runs):
    n, m, count = spec["n"], spec["m"], spec["count"]
    x = np.arange(m, dtype=float)
    ys = load(spec["ys"], (n, m))[:count]
    p0 = load(spec["p0"], (n, 5))[:count]

    def scipy_loop():
        return [curve_fit(model, x, y, p0=list(p), method="lm")[0] for y, p in zip(ys, p0)]

    def silx_loop():
        return [leastsq(model, x, y, list(p))[0] for y, p in zip(ys, p0)]

    # one timed run each: a loop of `count` fits is already a long measurement
    params, scipy_timing = timed(scipy_loop, max(1, runs // 3))
    silx_timing = timed(silx_loop, max(1, runs // 3))[1]
    return {"count": count, "timings": {"curve_fit loop": scipy_timing, "silx leastsq loop": silx_timing}, "params": np.array(params).ravel().tolist()}


def snip(spec, runs):
    n, m, width = spec["n"], spec["m"], spec["width"]
    data = load(spec["ys"], (n, m))
    # silx's snip1d flattens a 2-D array into one spectrum: spectra go one by one
    background, timing = timed(lambda: np.stack([snip1d(row, width) for row in data]), max(1, runs // 2))
    return {"timings": {"silx snip1d": timing}, "checksum": float(np.sum(background)), "first": background[0].tolist()}


def main():
    spec = json.loads(sys.argv[1])
    runs = spec["runs"]
    out = {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "silx": silx.version}
    out["single"] = single(spec["single"], runs)
    out["batch"] = batch(spec["batch"], runs)
    out["snip"] = snip(spec["snip"], runs)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
