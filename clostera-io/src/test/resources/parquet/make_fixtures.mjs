// Writes the parquet fixtures read by clostera-io's tests (org.clostera.io.parquet.*Test), using two
// writers independent of parquet-java: DuckDB (@duckdb/node-api) and polars (nodejs-polars).
//
// Rerun (from a scratch directory outside the repository, never inside it):
//   mkdir -p /tmp/fixture-writer && cd /tmp/fixture-writer && npm init -y
//   npm i -E @duckdb/node-api@1.5.6-r.1 nodejs-polars@0.25.2 nodejs-polars-linux-x64-gnu@0.25.2
//   node <repo>/clostera-io/src/test/resources/parquet/make_fixtures.mjs <repo>/clostera-io/src/test/resources/parquet
//
// Values follow formulas the tests recompute:
//   float vectors  v[row][j] = row * 0.5 + j      (exact in float32; dictionary fixtures use row % 7)
//   double vectors v[row][j] = row * 0.25 - j     (exact in float32 after narrowing)
//   scalar columns x_f = row * 0.5, x_d = row * 0.25 + 1, x_i = row + 2, x_l = 3 * row + 3
// "row" is the 0-based row in the whole file or, for a folder, in the whole folder.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// The writers are installed in the current (scratch) directory, not next to this script.
const require = createRequire(path.join(process.cwd(), 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');
const pl = require('nodejs-polars');

const out = path.resolve(process.argv[2] ?? '.');
fs.mkdirSync(out, { recursive: true });
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run('SET threads = 1'); // one writer thread: rows stay in order, row groups are deterministic

const floatList = (dim, rowExpr = 'i') => `list_transform(range(${dim}), j -> (${rowExpr} * 0.5 + j)::FLOAT)`;
const doubleList = (dim) => `list_transform(range(${dim}), j -> (i * 0.25 - j)::DOUBLE)`;

async function copy(select, file, options = 'COMPRESSION snappy') {
  const target = path.join(out, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await con.run(`COPY (${select}) TO '${target}' (FORMAT parquet, ${options})`);
}

// --- Good layouts and codecs -------------------------------------------------------------------------
// Variable-length LIST<FLOAT> next to non-numeric and integer columns: the list is found automatically.
await copy(`SELECT i::INTEGER AS id, 'item-' || i AS name, ${floatList(8)} AS emb, i % 2 = 0 AS even
            FROM range(300) t(i)`, 'list_float_snappy.parquet', 'COMPRESSION snappy');
// LIST<DOUBLE>, zstd.
await copy(`SELECT i::BIGINT AS id, ${doubleList(6)} AS emb FROM range(200) t(i)`,
  'list_double_zstd.parquet', 'COMPRESSION zstd');
// DuckDB fixed-size array FLOAT[5], gzip.
await copy(`SELECT ${floatList(5)}::FLOAT[5] AS emb FROM range(200) t(i)`,
  'array_float_gzip.parquet', 'COMPRESSION gzip');
// Uncompressed LIST<FLOAT>.
await copy(`SELECT ${floatList(3)} AS emb FROM range(120) t(i)`,
  'list_float_uncompressed.parquet', 'COMPRESSION uncompressed');
// Many row groups: DuckDB cuts row groups at multiples of its 2048-row vectors -> 5 row groups.
await copy(`SELECT ${floatList(2)} AS emb FROM range(9000) t(i)`,
  'many_row_groups.parquet', 'COMPRESSION snappy, ROW_GROUP_SIZE 2048');
// Plain numeric scalar columns (plus a string and a boolean that must be ignored).
await copy(`SELECT (i * 0.5)::FLOAT AS x_f, 'r' || i AS label, (i * 0.25 + 1)::DOUBLE AS x_d,
                   (i + 2)::INTEGER AS x_i, i % 3 = 0 AS flag, (3 * i + 3)::BIGINT AS x_l
            FROM range(150) t(i)`, 'scalars.parquet', 'COMPRESSION zstd');
// Two vector columns: the caller must name one.
await copy(`SELECT ${floatList(4)} AS a, ${doubleList(3)} AS b FROM range(50) t(i)`,
  'two_vectors.parquet', 'COMPRESSION snappy');
// Encodings: dictionary pages (few distinct values: v[row][j] = (row % 7) * 0.5 + j), and parquet format v2
// (data page v2; DuckDB then writes floats as BYTE_STREAM_SPLIT), with and without a dictionary.
await copy(`SELECT ${floatList(4, '(i % 7)')} AS emb FROM range(300) t(i)`, 'dictionary_float.parquet',
  'COMPRESSION snappy');
await copy(`SELECT ${floatList(4)} AS emb, (i * 0.25 + 1)::DOUBLE AS x FROM range(300) t(i)`, 'v2_pages.parquet',
  "COMPRESSION zstd, PARQUET_VERSION v2");
await copy(`SELECT ${floatList(4, '(i % 7)')} AS emb FROM range(300) t(i)`, 'v2_dictionary.parquet',
  "COMPRESSION uncompressed, PARQUET_VERSION v2");
// A folder of part files (Spark style), with files the reader must ignore.
const parts = [[0, 100, 'snappy'], [100, 250, 'zstd'], [250, 300, 'gzip']];
for (let p = 0; p < parts.length; p++) {
  const [from, to, codec] = parts[p];
  await copy(`SELECT ${floatList(4)} AS emb FROM range(${from}, ${to}) t(i)`,
    `parts/part-0000${p}.parquet`, `COMPRESSION ${codec}`);
}
fs.writeFileSync(path.join(out, 'parts/_SUCCESS'), '');
fs.writeFileSync(path.join(out, 'parts/.part-00000.parquet.crc'), 'not parquet');
fs.writeFileSync(path.join(out, 'parts/part-00001.parquet.crc'), 'not parquet');
// Hive-style partition folders as DuckDB (and Spark) write them: a=0/b=0/data_0.parquet, ...; the
// partition columns a, b live in the folder names only. Row order = sorted part path order.
await con.run(`COPY (SELECT ${floatList(4)} AS emb, (i // 40)::INTEGER AS a, ((i // 20) % 2)::INTEGER AS b
                     FROM range(80) t(i) ORDER BY i)
               TO '${path.join(out, 'partitioned')}' (FORMAT parquet, PARTITION_BY (a, b), COMPRESSION snappy)`);
fs.writeFileSync(path.join(out, 'partitioned/_SUCCESS'), '');
fs.writeFileSync(path.join(out, 'partitioned/a=0/.data_0.parquet.crc'), 'not parquet');
// LZ4_RAW pages (the codec whose library used to print sun.misc.Unsafe warnings).
await copy(`SELECT ${floatList(4)} AS emb FROM range(100) t(i)`, 'list_float_lz4.parquet', 'COMPRESSION lz4');

// polars: FixedSizeList (polars' Array) of Float32, and LIST<DOUBLE>; polars' own codecs.
const n = 250;
const ids = Array.from({ length: n }, (_, i) => i);
const floatRows = ids.map((i) => Array.from({ length: 4 }, (_, j) => i * 0.5 + j));
const doubleRows = ids.map((i) => Array.from({ length: 7 }, (_, j) => i * 0.25 - j));
pl.DataFrame([pl.Series('id', ids, pl.Int64), pl.Series('emb', floatRows, pl.FixedSizeList(pl.Float32, 4))])
  .writeParquet(path.join(out, 'polars_array_snappy.parquet'), { compression: 'snappy' });
pl.DataFrame([pl.Series('vec', doubleRows, pl.List(pl.Float64)), pl.Series('tag', ids.map((i) => 't' + i), pl.Utf8)])
  .writeParquet(path.join(out, 'polars_list_double_uncompressed.parquet'), { compression: 'uncompressed' });

// --- Bad inputs ----------------------------------------------------------------------------------------
// Row 37 has 3 values instead of 4.
await copy(`SELECT CASE WHEN i = 37 THEN ${floatList(3)} ELSE ${floatList(4)} END AS emb FROM range(100) t(i)`,
  'bad/inconsistent_lengths.parquet');
// NaN in row 12, dimension 2.
await copy(`SELECT list_transform(range(4), j -> CASE WHEN i = 12 AND j = 2 THEN 'nan'::FLOAT
                                                  ELSE (i * 0.5 + j)::FLOAT END) AS emb
            FROM range(50) t(i)`, 'bad/nan.parquet');
// +Inf in scalar column x_d, row 5.
await copy(`SELECT (i * 0.5)::FLOAT AS x_f, CASE WHEN i = 5 THEN 'inf'::DOUBLE ELSE i * 0.25 + 1 END AS x_d
            FROM range(20) t(i)`, 'bad/inf_scalar.parquet');
// A null vector in row 7; a null element in row 9.
await copy(`SELECT CASE WHEN i = 7 THEN NULL ELSE ${floatList(4)} END AS emb FROM range(20) t(i)`,
  'bad/null_row.parquet');
await copy(`SELECT list_transform(range(4), j -> CASE WHEN i = 9 AND j = 1 THEN NULL
                                                  ELSE (i * 0.5 + j)::FLOAT END) AS emb
            FROM range(20) t(i)`, 'bad/null_element.parquet');
// No numeric column at all.
await copy(`SELECT 'r' || i AS label, i % 2 = 0 AS flag, DATE '2024-01-01' + i::INTEGER AS day FROM range(10) t(i)`,
  'bad/no_numeric.parquet');
// Zero rows.
await copy(`SELECT ${floatList(4)} AS emb FROM range(10) t(i) WHERE i < 0`, 'bad/empty.parquet');
// Folders whose parts disagree: in dimension, and in schema (the vector column is missing).
await copy(`SELECT ${floatList(4)} AS emb FROM range(0, 10) t(i)`, 'bad/parts_dim/part-00000.parquet');
await copy(`SELECT ${floatList(3)} AS emb FROM range(10, 20) t(i)`, 'bad/parts_dim/part-00001.parquet');
await copy(`SELECT ${floatList(4)} AS emb FROM range(0, 10) t(i)`, 'bad/parts_schema/part-00000.parquet');
await copy(`SELECT 'r' || i AS label, ${doubleList(4)} AS other FROM range(10, 20) t(i)`,
  'bad/parts_schema/part-00001.parquet');

con.closeSync?.();
console.log('fixtures written to ' + out);
