"""matplotlib reference of the plot benchmark: imshow + colorbar + savefig of the same frame, same size.

Usage: reference.py SPEC_JSON  (spec: frame path (raw float32, row-major), width, height, size in
pixels, colormap, runs). Prints one JSON object. Single-threaded: the runner sets OMP/OPENBLAS/MKL
thread counts to 1 (matplotlib's Agg renderer is single-threaded anyway).
"""
import io
import json
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def render(frame, spec, interpolation):
    dpi = 100
    fig = plt.figure(figsize=(spec["size"] / dpi, spec["size"] / dpi), dpi=dpi)
    ax = fig.add_subplot()
    im = ax.imshow(frame, cmap=spec["colormap"], origin="lower", interpolation=interpolation)
    fig.colorbar(im, ax=ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def measure(frame, spec, interpolation):
    t0 = time.perf_counter()
    png = render(frame, spec, interpolation)
    warmup = (time.perf_counter() - t0) * 1e3
    times = []
    for _ in range(spec["runs"]):
        t0 = time.perf_counter()
        render(frame, spec, interpolation)
        times.append((time.perf_counter() - t0) * 1e3)
    return {"warmupMs": warmup, "medianMs": statistics.median(times), "minMs": min(times), "runs": len(times), "bytes": len(png)}


def main():
    spec = json.loads(sys.argv[1])
    frame = np.fromfile(spec["frame"], dtype=np.float32).reshape(spec["height"], spec["width"])
    variants = {
        # what a matplotlib user writes: imshow's default ('antialiased': a filtered downsampling)
        "imshow-default": measure(frame, spec, "antialiased"),
        "imshow-nearest": measure(frame, spec, "nearest"),
    }
    print(json.dumps({"matplotlib": matplotlib.__version__, "numpy": np.__version__, "python": sys.version.split()[0], "variants": variants}))


if __name__ == "__main__":
    main()
