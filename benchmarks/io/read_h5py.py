"""h5py side of the io benchmark (benchmarks/io/run.ts spawns it, once per file and run).

Usage: /usr/bin/python3 read_h5py.py FILE DATASET

Streams the stack frame by frame as an h5py user does (`ds[k]`: HDF5 decompresses the chunk
with the native filter, deflate from zlib or bitshuffle+LZ4 from the plugin hdf5plugin loads),
computes each frame's checksum (make_stack.py's), and prints one JSON object: the time from the
first read to the last frame (file already open), the time to the first frame, the checksums,
and memory: the resident size after opening and after the first frame, its peak (the
kernel's high-water mark, ru_maxrss) and its largest value seen after a frame.
"""

import json
import platform
import resource
import sys
import time

import h5py
import hdf5plugin  # noqa: F401  (registers the bitshuffle/LZ4 filters with HDF5)
import numpy as np

STRIDE = 101
PAGE = resource.getpagesize()


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def main():
    path, dataset = sys.argv[1], sys.argv[2]
    with h5py.File(path, "r") as f:
        ds = f[dataset]
        n = ds.shape[0]
        baseline = rss()
        largest = baseline
        checksums = []
        start = time.perf_counter()
        first = None
        for k in range(n):
            frame = ds[k]
            checksums.append(int(frame.ravel()[::STRIDE].sum(dtype=np.uint64)))
            now = rss()
            if first is None:
                first = time.perf_counter() - start
                after_first = now
            largest = max(largest, now)
        seconds = time.perf_counter() - start
        frame_bytes = frame.nbytes
    print(json.dumps({
        "frames": n,
        "frameBytes": frame_bytes,
        "seconds": seconds,
        "firstFrameSeconds": first,
        "checksums": checksums,
        "memory": {"baselineRss": baseline, "afterFirstFrameRss": after_first, "largestRss": largest, "peakRss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024},
        "python": platform.python_version(),
        "h5py": h5py.__version__,
        "hdf5": h5py.version.hdf5_version,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
