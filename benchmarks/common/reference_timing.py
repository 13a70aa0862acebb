"""Timing of the Python reference scripts, as benchmarks/core/timing.ts times pandaas: the first
call apart (the warm-up), then the median and minimum of `runs` calls, in milliseconds.

A reference script imports it from beside its own folder:

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "common"))
    from reference_timing import measure
"""

import statistics
import time


def timed(body, runs):
    """The timing of body() (warmupMs, medianMs, minMs, runs, unitsPerRun = 1) and what its first call returned."""
    def once():
        t0 = time.perf_counter_ns()
        out = body()
        return (time.perf_counter_ns() - t0) / 1e6, out

    warmup, out = once()
    samples = [once()[0] for _ in range(runs)]
    timing = {"warmupMs": warmup, "medianMs": statistics.median(samples), "minMs": min(samples), "runs": runs, "unitsPerRun": 1}
    return timing, out


def measure(body, runs):
    """The timing of body(), as `timed` gives it."""
    return timed(body, runs)[0]
