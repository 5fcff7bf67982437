#!/usr/bin/env python3
"""Writes the .npy fixtures read by clostera-io's npy tests (numpy 2.x).

Run from this directory: python3 make_fixtures.py. The generated files are small and committed so that
CI does not need numpy. Values are chosen so the Java tests can recompute them exactly:
  base(rows, dim)[i, j] = (i * dim + j) * 0.5 - 3      (exact in float32)
  tenth(rows, dim)[i, j] = (i * dim + j) * 0.1         (float64; Java narrows with (float))
"""
import numpy as np
from numpy.lib import format as npf


def base(rows, dim, dtype):
    return (np.arange(rows * dim, dtype=np.float64) * 0.5 - 3).reshape(rows, dim).astype(dtype)


def tenth(rows, dim):
    return (np.arange(rows * dim, dtype=np.float64) * 0.1).reshape(rows, dim)


def write_version(name, arr, version):
    with open(name, "wb") as f:
        npf.write_array(f, arr, version=version)


np.save("f32_le.npy", base(5, 3, "<f4"))
np.save("f32_be.npy", base(5, 3, ">f4"))
np.save("f64_le.npy", tenth(4, 6).astype("<f8"))
np.save("f64_be.npy", tenth(4, 6).astype(">f8"))
write_version("f32_v2.npy", base(5, 3, "<f4"), (2, 0))
write_version("f32_v3.npy", base(5, 3, "<f4"), (3, 0))
np.save("f32_fortran.npy", np.asfortranarray(base(5, 3, "<f4")))
np.save("f32_1d.npy", np.arange(7, dtype="<f4"))
np.save("f32_3d.npy", np.zeros((2, 3, 4), dtype="<f4"))
np.save("f32_zero_rows.npy", np.zeros((0, 4), dtype="<f4"))
np.save("i4_2d.npy", np.arange(12, dtype="<i4").reshape(4, 3))
nan = base(4, 3, "<f4")
nan[2, 1] = np.nan
np.save("f32_nan.npy", nan)

with open("f32_le.npy", "rb") as f:
    whole = f.read()
with open("f32_truncated.npy", "wb") as f:
    f.write(whole[:-6])  # header intact, last row cut short
with open("bad_magic.npy", "wb") as f:
    f.write(b"\x93NUMPX" + whole[6:])

# Labels: values in 0..9, a repeatable pseudo-random order.
labels = (np.arange(23) * 7) % 10
np.save("labels_i32.npy", labels.astype("<i4"))
np.save("labels_i64.npy", labels.astype("<i8"))
np.save("labels_i32_be.npy", labels.astype(">i4"))
np.save("labels_i64_too_big.npy", np.array([0, 1, 2**31 + 5], dtype="<i8"))
np.save("labels_f4.npy", labels.astype("<f4"))

# What clostera's NpyWriter must reproduce byte for byte.
np.save("writer_expected_f32.npy", base(5, 3, "<f4"))
np.save("writer_expected_i32.npy", labels.astype("<i4"))
