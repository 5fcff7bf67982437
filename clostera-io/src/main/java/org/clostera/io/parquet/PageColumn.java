package org.clostera.io.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Fast {@link LeafColumn} for the encodings vector files use: each data page (v1 or v2) is decoded whole,
 * levels with a bulk RLE/bit-packing hybrid decoder and values straight into a float array (PLAIN values by
 * a bulk little-endian copy, dictionary ids through a pre-converted float dictionary). Parquet's
 * {@link org.apache.parquet.column.ColumnReader} pays several virtual calls and byte-wise reads per value;
 * this pays an array access. Chunks using other encodings (delta, byte-stream-split, deprecated bit-packed
 * levels) go through {@link ReaderColumn} instead: see {@link #supports}.
 */
final class PageColumn implements LeafColumn {
    @SuppressWarnings("deprecation") // PLAIN_DICTIONARY: deprecated for writers, still read
    private static final Set<Encoding> SUPPORTED = Set.of(Encoding.PLAIN, Encoding.RLE, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY);

    private final PageReader pages;
    private final ValueKind kind;
    private final int maxRepetition;
    private final int maxDefinition;
    private final float[] dictionary;
    private long remaining;
    private int[] repetition = new int[0];
    private int[] definition = new int[0];
    private float[] values = new float[0];
    private int[] ids = new int[0];
    private int count;      // entries in the current page
    private int position;   // current entry in the page
    private int valueIndex; // index in values of the current entry's value

    /** Whether a chunk with these encodings can be read by this class. */
    static boolean supports(Set<Encoding> chunkEncodings) {
        return SUPPORTED.containsAll(chunkEncodings);
    }

    PageColumn(PageReader pages, ColumnDescriptor descriptor, ValueKind kind) {
        this.pages = pages;
        this.kind = kind;
        this.maxRepetition = descriptor.getMaxRepetitionLevel();
        this.maxDefinition = descriptor.getMaxDefinitionLevel();
        this.remaining = pages.getTotalValueCount();
        this.dictionary = readDictionary(pages.readDictionaryPage());
        if (remaining > 0) {
            loadPage();
        }
    }

    @Override
    public long remaining() {
        return remaining;
    }

    @Override
    public int repetitionLevel() {
        return repetition[position];
    }

    @Override
    public int definitionLevel() {
        return definition[position];
    }

    @Override
    public float value() {
        return values[valueIndex];
    }

    @Override
    public void next() {
        if (definition[position] == maxDefinition) {
            valueIndex++;
        }
        position++;
        remaining--;
        if (position == count && remaining > 0) {
            loadPage();
        }
    }

    /**
     * Copies the current row's list in one go when it is the common case: exactly {@code dim} defined
     * entries, all inside the current page, followed in the page by the next row's start (or by the end of
     * the chunk). Returns false, having moved nothing, for anything else; the caller then walks the entries.
     */
    boolean readWholeList(float[] dst, int offset, int dim) {
        int end = position + dim;
        if (end > count || (end == count && remaining != dim) || (end < count && repetition[end] != 0)) {
            return false;
        }
        if (repetition[position] != 0) {
            return false;
        }
        for (int i = position; i < end; i++) {
            if (definition[i] != maxDefinition | (i > position & repetition[i] == 0)) {
                return false;
            }
        }
        System.arraycopy(values, valueIndex, dst, offset, dim);
        valueIndex += dim;
        position = end;
        remaining -= dim;
        if (position == count && remaining > 0) {
            loadPage();
        }
        return true;
    }

    private float[] readDictionary(DictionaryPage page) {
        if (page == null) {
            return null;
        }
        try {
            ByteBuffer bytes = heapBuffer(page.getBytes());
            float[] entries = new float[page.getDictionarySize()];
            decodePlain(bytes, entries, entries.length);
            return entries;
        } catch (RuntimeException e) {
            throw new ParquetDecodingException("corrupt dictionary page: " + e, e);
        }
    }

    private void loadPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("the column chunk ends " + remaining + " entries early");
        }
        count = page.getValueCount();
        if (count <= 0) {
            throw new ParquetDecodingException("data page with " + count + " entries");
        }
        position = 0;
        valueIndex = 0;
        repetition = grow(repetition, count);
        definition = grow(definition, count);
        try {
            if (page instanceof DataPageV1 v1) {
                ByteBuffer bytes = heapBuffer(v1.getBytes());
                if (maxRepetition > 0) {
                    requireRle(v1.getRlEncoding());
                    int length = bytes.getInt();
                    decodeLevels(slice(bytes, length), maxRepetition, repetition);
                } else {
                    java.util.Arrays.fill(repetition, 0, count, 0);
                }
                if (maxDefinition > 0) {
                    requireRle(v1.getDlEncoding());
                    int length = bytes.getInt();
                    decodeLevels(slice(bytes, length), maxDefinition, definition);
                } else {
                    java.util.Arrays.fill(definition, 0, count, 0);
                }
                decodeValues(bytes, v1.getValueEncoding());
            } else if (page instanceof DataPageV2 v2) {
                if (maxRepetition > 0) {
                    decodeLevels(buffer(v2.getRepetitionLevels()), maxRepetition, repetition);
                } else {
                    java.util.Arrays.fill(repetition, 0, count, 0);
                }
                if (maxDefinition > 0) {
                    decodeLevels(buffer(v2.getDefinitionLevels()), maxDefinition, definition);
                } else {
                    java.util.Arrays.fill(definition, 0, count, 0);
                }
                decodeValues(buffer(v2.getData()), v2.getDataEncoding());
            } else {
                throw new ParquetDecodingException("unknown data page type " + page.getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            throw e instanceof ParquetDecodingException p ? p : new ParquetDecodingException("corrupt data page: " + e, e);
        }
    }

    private void decodeValues(ByteBuffer bytes, Encoding encoding) {
        int defined = 0;
        for (int i = 0; i < count; i++) {
            if (definition[i] == maxDefinition) {
                defined++;
            }
        }
        values = grow(values, defined);
        switch (encoding) {
            case PLAIN -> decodePlain(bytes, values, defined);
            case PLAIN_DICTIONARY, RLE_DICTIONARY -> {
                if (dictionary == null) {
                    throw new ParquetDecodingException("dictionary-encoded page without a dictionary page");
                }
                int bitWidth = bytes.get() & 0xFF;
                ids = grow(ids, defined);
                RleHybridDecoder.decode(bytes, bitWidth, ids, defined);
                for (int i = 0; i < defined; i++) {
                    int id = ids[i];
                    if (id < 0 || id >= dictionary.length) {
                        throw new ParquetDecodingException("dictionary id " + id + " outside the dictionary of "
                                + dictionary.length);
                    }
                    values[i] = dictionary[id];
                }
            }
            default -> throw new ParquetDecodingException("unexpected value encoding " + encoding);
        }
    }

    private void decodePlain(ByteBuffer bytes, float[] out, int n) {
        ByteBuffer data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (kind) {
            case FLOAT -> data.asFloatBuffer().get(out, 0, n);
            case DOUBLE -> {
                var doubles = data.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) doubles.get(i);
                }
            }
            case INT32 -> {
                var ints = data.asIntBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = ints.get(i);
                }
            }
            case UINT32 -> {
                var ints = data.asIntBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = Integer.toUnsignedLong(ints.get(i));
                }
            }
            case INT64, UINT64 -> {
                var longs = data.asLongBuffer();
                for (int i = 0; i < n; i++) {
                    long v = longs.get(i);
                    out[i] = kind == ValueKind.INT64 || v >= 0 ? v : ((float) (v >>> 1)) * 2f;
                }
            }
        }
    }

    private void decodeLevels(ByteBuffer bytes, int maxLevel, int[] out) {
        RleHybridDecoder.decode(bytes, BytesUtils.getWidthFromMaxInt(maxLevel), out, count);
        for (int i = 0; i < count; i++) {
            if (out[i] < 0 || out[i] > maxLevel) {
                throw new ParquetDecodingException("level " + out[i] + " above the maximum " + maxLevel);
            }
        }
    }

    private static void requireRle(Encoding levelEncoding) {
        if (levelEncoding != Encoding.RLE) {
            throw new ParquetDecodingException("unexpected level encoding " + levelEncoding);
        }
    }

    private static ByteBuffer slice(ByteBuffer bytes, int length) {
        ByteBuffer part = bytes.slice(bytes.position(), length);
        bytes.position(bytes.position() + length);
        return part;
    }

    private static ByteBuffer buffer(BytesInput input) {
        return heapBuffer(input);
    }

    /** The bytes as a little-endian heap buffer (no copy when they already are one; nothing to release). */
    static ByteBuffer heapBuffer(BytesInput input) {
        return input.toByteBuffer(HeapByteBufferAllocator.getInstance(), unused -> { }).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] grow(int[] array, int size) {
        return array.length >= size ? array : new int[Math.max(size, array.length * 3 / 2)];
    }

    private static float[] grow(float[] array, int size) {
        return array.length >= size ? array : new float[Math.max(size, array.length * 3 / 2)];
    }

    /** Parquet's RLE / bit-packing hybrid encoding, decoded in bulk. */
    static final class RleHybridDecoder {
        private RleHybridDecoder() {
        }

        /** Decodes {@code n} values of {@code bitWidth} bits from {@code in} (advancing it) into {@code out}. */
        static void decode(ByteBuffer in, int bitWidth, int[] out, int n) {
            if (bitWidth == 0) {
                java.util.Arrays.fill(out, 0, n, 0);
                return;
            }
            BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
            int valueBytes = (bitWidth + 7) / 8;
            int[] eight = new int[8];
            int done = 0;
            while (done < n) {
                int header = readUnsignedVarInt(in);
                if ((header & 1) == 0) {
                    int run = header >>> 1;
                    int value = 0;
                    for (int b = 0; b < valueBytes; b++) {
                        value |= (in.get() & 0xFF) << (8 * b);
                    }
                    if (run <= 0) {
                        throw new ParquetDecodingException("empty RLE run");
                    }
                    int take = Math.min(run, n - done);
                    java.util.Arrays.fill(out, done, done + take, value);
                    done += take;
                } else {
                    int groups = header >>> 1;
                    if (groups <= 0) {
                        throw new ParquetDecodingException("empty bit-packed run");
                    }
                    int start = in.position();
                    int bytes = groups * bitWidth;
                    if (bytes > in.remaining()) {
                        // The last run may be cut short after the last value the page needs.
                        bytes = in.remaining();
                    }
                    for (int g = 0; g < groups && done < n; g++) {
                        int at = start + g * bitWidth;
                        if (at + bitWidth > in.limit()) {
                            // A last group cut short by the writer: the missing bytes are padding (zeros).
                            byte[] padded = new byte[bitWidth];
                            in.get(at, padded, 0, Math.max(0, in.limit() - at));
                            packer.unpack8Values(ByteBuffer.wrap(padded), 0, eight, 0);
                            int take = Math.min(8, n - done);
                            System.arraycopy(eight, 0, out, done, take);
                            done += take;
                        } else if (n - done >= 8) {
                            packer.unpack8Values(in, at, out, done);
                            done += 8;
                        } else {
                            packer.unpack8Values(in, at, eight, 0);
                            int take = n - done;
                            System.arraycopy(eight, 0, out, done, take);
                            done += take;
                        }
                    }
                    in.position(start + bytes);
                }
            }
        }

        private static int readUnsignedVarInt(ByteBuffer in) {
            int value = 0;
            int shift = 0;
            int b;
            do {
                b = in.get() & 0xFF;
                value |= (b & 0x7F) << shift;
                shift += 7;
                if (shift > 35) {
                    throw new ParquetDecodingException("malformed varint in an RLE/bit-packed run header");
                }
            } while ((b & 0x80) != 0);
            return value;
        }
    }
}
