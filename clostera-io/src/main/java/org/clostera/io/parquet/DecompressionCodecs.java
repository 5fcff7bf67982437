package org.clostera.io.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page decompression without Hadoop. parquet-hadoop's own codec factory instantiates Hadoop codecs
 * through Hadoop's {@code Configuration} and {@code ReflectionUtils}, which drag in most of hadoop-common's
 * dependency tree; this factory calls the same libraries parquet ships with directly: snappy-java, zstd-jni,
 * the JDK's gzip, and lz4-java's pure-Java safe decompressor for LZ4_RAW (no {@code sun.misc.Unsafe}). Read-only: it offers no compressors.
 */
final class DecompressionCodecs implements CompressionCodecFactory {
    static final DecompressionCodecs INSTANCE = new DecompressionCodecs();
    /** Stateless and thread-safe; the safe Java instance never touches {@code sun.misc.Unsafe}. */
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.safeInstance().safeDecompressor();

    private DecompressionCodecs() {
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Decompressor(codec) {
                @Override
                long decompress(byte[] input, byte[] out) {
                    System.arraycopy(input, 0, out, 0, Math.min(input.length, out.length));
                    return input.length;
                }
            };
            case SNAPPY -> new Decompressor(codec) {
                @Override
                long decompress(byte[] input, byte[] out) throws IOException {
                    if (Snappy.uncompressedLength(input) != out.length) {
                        throw new IOException("snappy length header says " + Snappy.uncompressedLength(input)
                                + " bytes, the page header " + out.length);
                    }
                    return Snappy.uncompress(input, 0, input.length, out, 0);
                }
            };
            case ZSTD -> new Decompressor(codec) {
                @Override
                long decompress(byte[] input, byte[] out) throws IOException {
                    long n = Zstd.decompressByteArray(out, 0, out.length, input, 0, input.length);
                    if (Zstd.isError(n)) {
                        throw new IOException(Zstd.getErrorName(n));
                    }
                    return n;
                }
            };
            case GZIP -> new Decompressor(codec) {
                @Override
                long decompress(byte[] input, byte[] out) throws IOException {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
                        int n = in.readNBytes(out, 0, out.length);
                        return in.read() < 0 ? n : n + 1L; // more bytes than announced count as a size mismatch
                    }
                }
            };
            case LZ4_RAW -> new Decompressor(codec) {
                @Override
                long decompress(byte[] input, byte[] out) {
                    return LZ4.decompress(input, 0, input.length, out, 0, out.length);
                }
            };
            default -> throw new UnsupportedOperationException("compression codec " + codec
                    + " is not supported (supported: UNCOMPRESSED, SNAPPY, ZSTD, GZIP, LZ4_RAW)");
        };
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("clostera reads parquet only");
    }

    @Override
    public void release() {
    }

    /** Decompresses whole pages held in byte arrays; pages are small (around 1 MiB), so copies are cheap. */
    private abstract static class Decompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;

        Decompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        /** Decompresses {@code input} into {@code out} (sized as the page header says); returns the bytes produced. */
        abstract long decompress(byte[] input, byte[] out) throws IOException;

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            ByteBuffer buffer = PageColumn.heapBuffer(bytes);
            byte[] input = new byte[buffer.remaining()];
            buffer.get(input);
            return BytesInput.from(run(input, decompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(run(in, decompressedSize));
        }

        private byte[] run(byte[] input, int size) throws IOException {
            byte[] out = new byte[size];
            long produced;
            try {
                produced = decompress(input, out);
            } catch (IOException | RuntimeException e) {
                throw new IOException(codec + " page cannot be decompressed: " + e.getMessage(), e);
            }
            if (produced != size) {
                throw new IOException(codec + " page decompressed to " + produced + " bytes, the page header says " + size);
            }
            return out;
        }

        @Override
        public void release() {
        }
    }
}
