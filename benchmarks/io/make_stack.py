"""Writes the two Eiger 4M stacks the io benchmark reads (benchmarks/io/run.ts spawns it).

Usage: /usr/bin/python3 make_stack.py --out DIR [--frames N | --quick] [--source FILE]

Each frame is a Poisson draw around the real Eiger 4M frame of shared/data/nexus/bitshuffle.h5
(uint32, 2167 x 2070, module gaps 0xFFFFFFFF kept as they are), at an intensity that drifts from
frame to frame (0.7 to 1.3 times the real one), so the compression ratios are those of real
counting data, not of zeros or of one repeated frame. The same frames go into two files of
`/entry/data/data`, shape [N, 2167, 2070], one chunk per frame:

- deflate.h5: gzip level 4 (h5py's default level), no shuffle;
- bitshuffle.h5: bitshuffle + LZ4 (filter 32008, block size 0), as Eiger detectors write it.

Prints one JSON object: the files, their sizes and compression ratios, the write time, and the
per-frame checksums that the readers must reproduce (see `checksum`).
"""

import argparse
import json
import os
import platform
import sys
import time

import h5py
import hdf5plugin
import numpy as np

DATASET = "/entry/data/data"
GAP = np.uint32(0xFFFFFFFF)
STRIDE = 101


def checksum(frame):
    """Sum of every 101st element of the flattened frame (run.ts and read_h5py.py compute the same)."""
    return int(frame.ravel()[::STRIDE].sum(dtype=np.uint64))


def frames(base, count, seed):
    """`count` frames: Poisson draws around `base` at a drifting intensity, gaps kept."""
    gaps = base == GAP
    mean = np.where(gaps, 0, base).astype(np.float64)
    rng = np.random.default_rng(seed)
    for k in range(count):
        scale = 0.7 + 0.6 * ((k * 0.6180339887) % 1.0)
        frame = rng.poisson(mean * scale).astype(np.uint32)
        frame[gaps] = GAP
        yield frame


def create(path, shape, **filters):
    f = h5py.File(path, "w")
    f.attrs["creator"] = "pandaas benchmarks/io/make_stack.py"
    ds = f.create_dataset(DATASET, shape=shape, dtype="<u4", chunks=(1,) + shape[1:], **filters)
    return f, ds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="folder for deflate.h5 and bitshuffle.h5")
    parser.add_argument("--frames", type=int, default=200, help="frames per stack (default 200)")
    parser.add_argument("--quick", action="store_true", help="10 frames (a smoke test)")
    parser.add_argument("--source", required=True, help="the real Eiger frame (shared/data/nexus/bitshuffle.h5)")
    parser.add_argument("--seed", type=int, default=20161104)
    args = parser.parse_args()
    count = 10 if args.quick else args.frames
    if count < 1:
        parser.error(f"--frames must be at least 1; got {count}")

    with h5py.File(args.source, "r") as src:
        base = src[DATASET][0]
    if base.dtype != np.uint32 or base.shape != (2167, 2070):
        sys.exit(f"{args.source}: expected a uint32 2167 x 2070 frame, got {base.dtype} {base.shape}")

    os.makedirs(args.out, exist_ok=True)
    shape = (count,) + base.shape
    paths = {"deflate": os.path.join(args.out, "deflate.h5"), "bitshuffle": os.path.join(args.out, "bitshuffle.h5")}
    specs = {
        "deflate": {"compression": "gzip", "compression_opts": 4},
        "bitshuffle": dict(hdf5plugin.Bitshuffle(nelems=0, cname="lz4")),
    }
    start = time.perf_counter()
    opened = {name: create(paths[name], shape, **specs[name]) for name in paths}
    checksums = []
    try:
        for k, frame in enumerate(frames(base, count, args.seed)):
            checksums.append(checksum(frame))
            for _, ds in opened.values():
                ds[k] = frame
    finally:
        for f, _ in opened.values():
            f.close()
    seconds = time.perf_counter() - start

    raw = count * base.nbytes
    files = {}
    for name, path in paths.items():
        size = os.path.getsize(path)
        with h5py.File(path, "r") as f:
            dcpl = f[DATASET].id.get_create_plist()
            pipeline = [dcpl.get_filter(i) for i in range(dcpl.get_nfilters())]
        files[name] = {"path": path, "dataset": DATASET,
                       "filters": [{"id": fid, "cdValues": list(values)} for fid, _, values, _ in pipeline],
                       "fileBytes": size, "compressionRatio": raw / size}
    print(json.dumps({
        "frames": count,
        "shape": list(shape),
        "dtype": "uint32",
        "frameBytes": base.nbytes,
        "rawBytes": raw,
        "source": args.source,
        "seed": args.seed,
        "checksumStride": STRIDE,
        "checksums": checksums,
        "files": files,
        "writeSeconds": seconds,
        "python": platform.python_version(),
        "h5py": h5py.__version__,
        "hdf5": h5py.version.hdf5_version,
        "hdf5plugin": hdf5plugin.version,
    }))


if __name__ == "__main__":
    main()
