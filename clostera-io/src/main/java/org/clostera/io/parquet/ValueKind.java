package org.clostera.io.parquet;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/** The numeric parquet leaf types a vector can be read from, and how each becomes a float. */
enum ValueKind {
    FLOAT, DOUBLE, INT32, UINT32, INT64, UINT64;

    /**
     * The kind of a plain numeric leaf, or null for anything else (strings, booleans, dates, timestamps,
     * decimals, binary...): only unannotated or integer-annotated INT32/INT64 and FLOAT/DOUBLE count.
     */
    static ValueKind of(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        boolean plainInteger = logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
        boolean unsigned = logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation intType && !intType.isSigned();
        return switch (type.getPrimitiveTypeName()) {
            case FLOAT -> logical == null ? FLOAT : null;
            case DOUBLE -> logical == null ? DOUBLE : null;
            case INT32 -> plainInteger ? (unsigned ? UINT32 : INT32) : null;
            case INT64 -> plainInteger ? (unsigned ? UINT64 : INT64) : null;
            default -> null;
        };
    }

    /** Whether a list of this kind is a vector candidate when no column is named (floating point only). */
    boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    /** The current value of {@code reader} as a float (doubles are rounded to nearest). */
    float read(ColumnReader reader) {
        return switch (this) {
            case FLOAT -> reader.getFloat();
            case DOUBLE -> (float) reader.getDouble();
            case INT32 -> reader.getInteger();
            case UINT32 -> Integer.toUnsignedLong(reader.getInteger());
            case INT64 -> reader.getLong();
            case UINT64 -> unsignedToFloat(reader.getLong());
        };
    }

    private static float unsignedToFloat(long v) {
        return v >= 0 ? v : ((float) (v >>> 1)) * 2f;
    }
}
