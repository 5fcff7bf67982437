#!/usr/bin/python3
"""scikit-learn's dense k-means on a clostera dataset folder: the reference for clostera's real-data figures.

    /usr/bin/python3 clostera-bench/scripts/realdata/sklearn_baseline.py DATASET_DIR \
        [--name NAME] [--seeds 0,1,2,3,4] [--n-init 10] [--output benchmarks/results/realdata-sklearn-NAME.json]

DATASET_DIR holds vectors.npy (float32, N x D) and labels.npy (integers, N): the folders written by
digits_to_npy.py and by the sentence-embedding tool. For each seed r it runs
KMeans(n_clusters=K, n_init=10, random_state=r) on the raw float32 rows, K = the number of true classes,
and reports NMI, ARI, purity and the raw-space SSE per dimension of the partition it found (sum over rows
of the squared distance to the mean of the row's cluster, in float64, divided by N x D), next to the SSE of
the true partition computed the same way. Needs Debian's python3-sklearn.
"""
import argparse
import datetime
import json
import os
import platform
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix


def purity(truth, predicted):
    table = contingency_matrix(truth, predicted)
    return float(table.max(axis=0).sum() / table.sum())


def sse_per_dim(x, labels):
    """Sum of squared distances of the rows to their cluster's mean (float64), divided by N x D."""
    x64 = x.astype(np.float64)
    _, index = np.unique(labels, return_inverse=True)
    clusters = index.max() + 1
    counts = np.bincount(index, minlength=clusters).astype(np.float64)
    sums = np.zeros((clusters, x.shape[1]))
    np.add.at(sums, index, x64)
    means = sums / counts[:, None]
    return float(((x64 - means[index]) ** 2).sum() / x.size)


def machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform(), "python": platform.python_version(),
            "sklearn": sklearn.__version__, "numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads")} for p in threadpool_info()]
    except ImportError:
        pass
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--name", help="dataset name (default: the folder's name)")
    parser.add_argument("--seeds", default="0,1,2,3,4", help="random_state values, comma-separated")
    parser.add_argument("--n-init", type=int, default=10)
    parser.add_argument("--output", help="JSON file (default benchmarks/results/realdata-sklearn-NAME.json)")
    args = parser.parse_args()
    name = args.name or os.path.basename(os.path.normpath(args.dataset))
    output = args.output or os.path.join("benchmarks", "results", "realdata-sklearn-%s.json" % name)

    x = np.load(os.path.join(args.dataset, "vectors.npy"))
    truth = np.load(os.path.join(args.dataset, "labels.npy")).astype(np.int64)
    if x.ndim != 2 or x.dtype != np.float32 or truth.shape != (x.shape[0],):
        sys.exit("%s: expected vectors.npy float32 (N, D) and labels.npy (N,), got %s %s and %s"
                 % (args.dataset, x.dtype, x.shape, truth.shape))
    k = int(len(np.unique(truth)))
    truth_sse = sse_per_dim(x, truth)
    print("%s: %d x %d, K=%d, true partition SSE per dim %.6f" % (name, x.shape[0], x.shape[1], k, truth_sse))

    runs = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        start = time.perf_counter()
        model = KMeans(n_clusters=k, n_init=args.n_init, random_state=seed).fit(x)
        seconds = time.perf_counter() - start
        labels = model.labels_
        run = {
            "random_state": seed,
            "nmi": float(normalized_mutual_info_score(truth, labels)),
            "ari": float(adjusted_rand_score(truth, labels)),
            "purity": purity(truth, labels),
            "sse_per_dim": sse_per_dim(x, labels),
            "inertia_per_dim": float(model.inertia_ / x.size),
            "iterations": int(model.n_iter_),
            "seconds": seconds,
        }
        runs.append(run)
        print("  random_state=%d NMI %.4f ARI %.4f purity %.4f SSE/dim %.6f (%.1f s)"
              % (seed, run["nmi"], run["ari"], run["purity"], run["sse_per_dim"], seconds))

    nmi = [r["nmi"] for r in runs]
    report = {
        "benchmark": "realdata-sklearn",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "dataset": {"name": name, "path": args.dataset, "rows": int(x.shape[0]), "dim": int(x.shape[1]),
                    "classes": k},
        "method": "sklearn.cluster.KMeans(n_clusters=K, n_init=%d, random_state=r), lloyd, k-means++, raw float32 rows"
                  % args.n_init,
        "true_partition": {"sse_per_dim": truth_sse},
        "runs": runs,
        "summary": {"nmi_min": min(nmi), "nmi_max": max(nmi), "nmi_mean": float(np.mean(nmi)),
                    "sse_per_dim_min": min(r["sse_per_dim"] for r in runs)},
    }
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    temp = output + ".tmp"
    with open(temp, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    os.replace(temp, output)
    print("NMI %.4f-%.4f (mean %.4f); wrote %s" % (min(nmi), max(nmi), np.mean(nmi), output))


if __name__ == "__main__":
    main()
