package org.clostera.io.parquet;

import org.apache.parquet.column.ColumnReader;

/** {@link LeafColumn} over parquet's own {@link ColumnReader}: handles every encoding, one call per entry. */
final class ReaderColumn implements LeafColumn {
    private final ColumnReader reader;
    private final ValueKind kind;
    private final int maxDefinition;
    private long remaining;

    ReaderColumn(ColumnReader reader, ValueKind kind, int maxDefinition) {
        this.reader = reader;
        this.kind = kind;
        this.maxDefinition = maxDefinition;
        this.remaining = reader.getTotalValueCount();
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
