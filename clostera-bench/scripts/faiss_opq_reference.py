#!/usr/bin/python3
"""faiss reference for clostera's OPQ: OPQMatrix + ProductQuantizer with the same M, Ks and training sample.

Reads the files written by clostera's OPQ scale measurement
(org.clostera.quantize.OPQScaleMeasurement ... npy=PREFIX):
  PREFIX_data.npy       float32, rows x D
  PREFIX_train_idx.npy  int64, the deterministic training sample rows (clostera RowSampler, seed 0)
  PREFIX_eval_idx.npy   int64, the rows the reconstruction MSE is measured on (seed 1)
and prints one JSON line per quantizer: training / encoding time and reconstruction_mse (mean squared
error per dimension, the same definition as clostera's ReconstructionError).

  apt-get install -y python3-faiss python3-numpy
  /usr/bin/python3 clostera-bench/scripts/faiss_opq_reference.py --prefix /tmp/bm --m 64 --ks 64 --opq-iterations 3
"""
import argparse
import json
import math
import time

import faiss
import numpy as np


def mse(x, rec):
    d = x.astype(np.float64) - rec.astype(np.float64)
    return float((d * d).sum() / d.size)


def train_pq(xt, d, m, nbits, iterations, seed):
    pq = faiss.ProductQuantizer(d, m, nbits)
    pq.cp.niter = iterations
    pq.cp.seed = seed
    # use the whole training sample (faiss subsamples to 256 points per centroid by default)
    pq.cp.max_points_per_centroid = 1 << 20
    pq.train(xt)
    return pq


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--m", type=int, default=64)
    ap.add_argument("--ks", type=int, default=64)
    ap.add_argument("--opq-iterations", type=int, default=3)
    ap.add_argument("--pq-iterations", type=int, default=25)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-pq", action="store_true", help="only OPQ")
    args = ap.parse_args()
    faiss.omp_set_num_threads(args.threads)
    nbits = int(math.log2(args.ks))
    if 1 << nbits != args.ks:
        raise SystemExit("faiss needs Ks to be a power of two, got %d" % args.ks)

    x = np.load(args.prefix + "_data.npy", mmap_mode="r")
    xt = np.ascontiguousarray(x[np.load(args.prefix + "_train_idx.npy")], dtype=np.float32)
    xe = np.ascontiguousarray(x[np.load(args.prefix + "_eval_idx.npy")], dtype=np.float32)
    n, d = x.shape
    base = {"rows": int(n), "dim": int(d), "m": args.m, "ks": args.ks, "train_rows": int(xt.shape[0]),
            "eval_rows": int(xe.shape[0]), "threads": args.threads, "faiss": faiss.__version__}

    if not args.skip_pq:
        t0 = time.time()
        pq = train_pq(xt, d, args.m, nbits, args.pq_iterations, 1234)
        train_s = time.time() - t0
        t0 = time.time()
        codes = pq.compute_codes(xe)
        encode_s = time.time() - t0
        print(json.dumps(dict(base, quantizer="faiss ProductQuantizer", train_s=round(train_s, 2),
                              encode_vectors_per_s=round(xe.shape[0] / encode_s),
                              reconstruction_mse=mse(xe, pq.decode(codes)))), flush=True)

    t0 = time.time()
    opq = faiss.OPQMatrix(d, args.m)
    opq.niter = args.opq_iterations
    opq.max_train_points = xt.shape[0]
    opq.train(xt)
    rotation_s = time.time() - t0
    pq = train_pq(opq.apply_py(xt), d, args.m, nbits, args.pq_iterations, 1234)
    train_s = time.time() - t0
    t0 = time.time()
    codes = pq.compute_codes(opq.apply_py(xe))
    encode_s = time.time() - t0
    rec = opq.reverse_transform(pq.decode(codes))
    print(json.dumps(dict(base, quantizer="faiss OPQMatrix + ProductQuantizer", opq_iterations=args.opq_iterations,
                          rotation_s=round(rotation_s, 2), train_s=round(train_s, 2),
                          encode_vectors_per_s=round(xe.shape[0] / encode_s),
                          reconstruction_mse=mse(xe, rec))), flush=True)


if __name__ == "__main__":
    main()
