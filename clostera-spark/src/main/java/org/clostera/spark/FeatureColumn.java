package org.clostera.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;

/**
 * The features column: {@code array<float>}, {@code array<double>} or an ml {@code Vector}, read into
 * float rows. Every row is checked (not null, no null element, finite, the expected dimension), and a bad one
 * gives an {@link InvalidDataException} naming the column and the row.
 */
final class FeatureColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR }

    private final String name;
    private final Kind kind;

    private FeatureColumn(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /** The column {@code name} of {@code schema}, or a clear error when it is missing or of another type. */
    static FeatureColumn resolve(StructType schema, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidParameterException("featuresCol is not set");
        }
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new InvalidParameterException("features column '" + name + "' does not exist; the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        StructField field = schema.apply(name);
        DataType type = field.dataType();
        Kind kind;
        if (type instanceof VectorUDT) {
            kind = Kind.VECTOR;
        } else if (type instanceof ArrayType array && array.elementType().equals(DataTypes.FloatType)) {
            kind = Kind.FLOAT_ARRAY;
        } else if (type instanceof ArrayType array && array.elementType().equals(DataTypes.DoubleType)) {
            kind = Kind.DOUBLE_ARRAY;
        } else {
            throw new InvalidParameterException("features column '" + name + "' has type " + type.simpleString()
                    + "; expected array<float>, array<double> or an ml Vector");
        }
        return new FeatureColumn(name, kind);
    }

    String name() {
        return name;
    }

    /** Dimension of the value at {@code field} of {@code row}; {@code where} locates the row in messages. */
    int dimension(Row row, int field, long rowIndex, String where) {
        requireNotNull(row, field, rowIndex, where);
        return switch (kind) {
            case VECTOR -> ((Vector) row.get(field)).size();
            case FLOAT_ARRAY, DOUBLE_ARRAY -> row.getList(field).size();
        };
    }

    /**
     * Writes the vector at {@code field} of {@code row} to {@code dst[offset..+dim)}.
     *
     * @param rowIndex the row's 0-based index (in the dataset's order, or within a partition: see {@code where})
     * @param where    what the row index counts, e.g. "dataset" or "partition 3 of the dataset"
     */
    void read(Row row, int field, float[] dst, int offset, int dim, long rowIndex, String where) {
        requireNotNull(row, field, rowIndex, where);
        switch (kind) {
            case VECTOR -> {
                Vector vector = (Vector) row.get(field);
                requireDim(vector.size(), dim, rowIndex, where);
                for (int j = 0; j < dim; j++) {
                    dst[offset + j] = (float) vector.apply(j);
                }
            }
            case FLOAT_ARRAY, DOUBLE_ARRAY -> {
                java.util.List<Object> list = row.getList(field);
                requireDim(list.size(), dim, rowIndex, where);
                for (int j = 0; j < dim; j++) {
                    Object element = list.get(j);
                    if (element == null) {
                        throw invalid("null element at index " + j, rowIndex, where);
                    }
                    dst[offset + j] = ((Number) element).floatValue();
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        for (int j = 0; j < dim; j++) {
            if (!Float.isFinite(dst[offset + j])) {
                throw invalid("value " + dst[offset + j] + " at index " + j + " is not finite (NaN or Inf are not "
                        + "clusterable)", rowIndex, where);
            }
        }
    }

    private void requireNotNull(Row row, int field, long rowIndex, String where) {
        if (row.isNullAt(field)) {
            throw invalid("null vector", rowIndex, where);
        }
    }

    private void requireDim(int actual, int dim, long rowIndex, String where) {
        if (actual != dim) {
            throw invalid("vector of dimension " + actual + ", expected " + dim + " (the dimension of the training data)",
                    rowIndex, where);
        }
    }

    private InvalidDataException invalid(String problem, long rowIndex, String where) {
        return new InvalidDataException(problem, where, rowIndex, name, null);
    }
}
