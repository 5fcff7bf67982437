package org.clostera.io.parquet;

import org.apache.parquet.column.ColumnReader;

/** {@link LeafColumn} over parquet's own {@link ColumnReader}: handles every encoding, one call per entry. */
final class ReaderColumn implements LeafColumn {
    private final ColumnReader reader;
    private final ValueKind kind;
    private final int maxDefinition;
    private long remaining;

    /** {@code entries}: the column chunk's entry count (its page reader's total value count). */
    ReaderColumn(ColumnReader reader, long entries, ValueKind kind, int maxDefinition) {
        this.reader = reader;
        this.kind = kind;
        this.maxDefinition = maxDefinition;
        this.remaining = entries;
    }

    @Override
    public long remaining() {
        return remaining;
    }

    @Override
    public int repetitionLevel() {
        return reader.getCurrentRepetitionLevel();
    }

    @Override
    public int definitionLevel() {
        return reader.getCurrentDefinitionLevel();
    }

    @Override
    public float value() {
        return kind.read(reader);
    }

    @Override
    public void next() {
        if (reader.getCurrentDefinitionLevel() == maxDefinition) {
            reader.skip(); // no-op when the value was read; keeps the value stream in step otherwise
        }
        reader.consume();
        remaining--;
    }
}
