#!/usr/bin/python3
"""Writes scikit-learn's 8x8 digits (1,797 images of 64 pixels, 10 classes) as clostera's dataset folder.

    /usr/bin/python3 clostera-bench/scripts/realdata/digits_to_npy.py OUT_DIR

OUT_DIR gets vectors.npy (float32, 1797 x 64, pixel values 0..16 as loaded, no scaling), labels.npy
(int32, the digit 0..9) and dataset.json. The rows keep scikit-learn's order. Needs Debian's
python3-sklearn (`apt-get install -y python3-sklearn`), which ships the data: nothing is downloaded.
The copy in clostera-bench/src/test/resources/realdata/digits was written by this script.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_digits


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: digits_to_npy.py OUT_DIR")
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    digits = load_digits()
    vectors = np.ascontiguousarray(digits.data, dtype="<f4")
    labels = np.ascontiguousarray(digits.target, dtype="<i4")
    np.save(os.path.join(out, "vectors.npy"), vectors)
    np.save(os.path.join(out, "labels.npy"), labels)
    info = {
        "name": "digits",
        "rows": int(vectors.shape[0]),
        "dim": int(vectors.shape[1]),
        "classes": int(len(np.unique(labels))),
        "source": "scikit-learn load_digits() (UCI Optical Recognition of Handwritten Digits, test part), "
                  "scikit-learn " + sklearn.__version__,
        "values": "pixel intensities 0..16 as float32, unscaled",
        "labels": "digit 0..9",
    }
    with open(os.path.join(out, "dataset.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print("wrote %d x %d, %d classes to %s" % (vectors.shape[0], vectors.shape[1], info["classes"], out))


if __name__ == "__main__":
    main(sys.argv)
