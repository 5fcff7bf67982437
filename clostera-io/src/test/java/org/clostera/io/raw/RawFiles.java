package org.clostera.io.raw;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes little-endian test files: raw float32 and TEXMEX rows, at any offset of a (sparse) file. */
final class RawFiles {
    private RawFiles() {
    }

    /** Test value of row {@code row}, dimension {@code j}: exact in float32 for the rows used. */
    static float value(long row, int j) {
        return (float) ((row % 100_000) * 0.25 + j);
    }

    static Path writeRawFloats(Path path, long rows, int dim) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) (rows * dim * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (long r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                buffer.putFloat(value(r, j));
            }
        }
        Files.write(path, buffer.array());
        return path;
    }

    /** One TEXMEX row: header {@code header}, then {@code dim} values of {@code format} from {@link #value}. */
    static byte[] texmexRow(TexmexFormat format, long row, int header, int dim) {
        ByteBuffer buffer = ByteBuffer.allocate((int) format.rowBytes(dim)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(header);
        for (int j = 0; j < dim; j++) {
            switch (format) {
                case FVECS -> buffer.putFloat(value(row, j));
                case BVECS -> buffer.put((byte) ((row * 7 + j * 13) % 256));
                case IVECS -> buffer.putInt((int) (row * 1000 - j));
            }
        }
        return buffer.array();
    }

    static Path writeTexmex(Path path, TexmexFormat format, long rows, int dim) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) (rows * format.rowBytes(dim)));
        for (long r = 0; r < rows; r++) {
            buffer.put(texmexRow(format, r, dim, dim));
        }
        Files.write(path, buffer.array());
        return path;
    }

    static void writeAt(Path path, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.seek(offset);
            file.write(bytes);
        }
    }

    static void rawFloatRow(Path path, long row, int dim) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < dim; j++) {
            buffer.putFloat(value(row, j));
        }
        writeAt(path, row * dim * 4L, buffer.array());
    }

    /** A sparse file of {@code size} bytes: nothing is written, so it costs no disk. */
    static Path sparse(Path path, long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
        }
        return path;
    }
}
