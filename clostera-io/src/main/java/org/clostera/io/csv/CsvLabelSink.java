package org.clostera.io.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.io.StagedLabelSink;

/**
 * Streams labels into a CSV file: a header line {@code label}, then one label per line in row order
 * ({@code \n} line ends, UTF-8). For spreadsheets and scripts that read no binary format. Written to a
 * temporary name next to the target, renamed onto it by {@link #close} once every row arrived;
 * {@link #abort} (or a close with rows missing) deletes it. Holds no N-sized array.
 */
public final class CsvLabelSink extends StagedLabelSink {
    /** The header line's one column. */
    public static final String COLUMN = "label";

    private final BufferedWriter writer;

    private CsvLabelSink(Path target, long rows) {
        super(target, rows);
        try {
            writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp(),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16);
            writer.write(COLUMN);
            writer.write('\n');
        } catch (IOException e) {
            throw cannotCreate(e);
        }
    }

    /** A sink for {@code rows} labels, ending up at {@code target}. */
    public static CsvLabelSink create(Path target, long rows) {
        return new CsvLabelSink(target, rows);
    }

    @Override
    protected void writeLabels(int[] labels, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            writer.write(Integer.toString(labels[offset + i]));
            writer.write('\n');
        }
    }

    @Override
    protected void closeWriter() throws IOException {
        writer.close();
    }
}
