package org.clostera.io.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.clostera.InvalidDataException;

/**
 * Where the vectors sit in a parquet schema: either one list column (LIST of numbers, DuckDB's
 * {@code FLOAT[n]}, polars' {@code Array}, Spark's {@code array<float>}, or a legacy bare repeated field)
 * whose length is the dimension, or several numeric scalar columns, one dimension each.
 */
final class VectorLayout {

    /** One leaf column read for the vectors. */
    record Leaf(String name, ColumnDescriptor descriptor, ValueKind kind) {
    }

    private final boolean list;
    private final List<Leaf> leaves;
    private final MessageType projection;
    /** List layout: definition levels below which the list is null, resp. empty. */
    private final int nullBelow;
    private final int emptyBelow;

    private VectorLayout(boolean list, List<Leaf> leaves, MessageType projection, int nullBelow, int emptyBelow) {
        this.list = list;
        this.leaves = List.copyOf(leaves);
        this.projection = projection;
        this.nullBelow = nullBelow;
        this.emptyBelow = emptyBelow;
    }

    /**
     * Resolves the vector columns of {@code schema}. With no names: the single top-level list of FLOAT or
     * DOUBLE; with none such, every numeric scalar column; several lists are ambiguous. With one name: that
     * list column (any numeric element type) or numeric scalar column; with several: those scalar columns.
     */
    static VectorLayout resolve(MessageType schema, List<String> names, String file) {
        if (names.isEmpty()) {
            List<String> lists = new ArrayList<>();
            List<String> scalars = new ArrayList<>();
            for (Type field : schema.getFields()) {
                ValueKind listKind = listKind(schema, field);
                if (listKind != null && listKind.isFloatingPoint()) {
                    lists.add(field.getName());
                } else if (scalarKind(field) != null) {
                    scalars.add(field.getName());
                }
            }
            if (lists.size() == 1) {
                return listLayout(schema, lists.get(0));
            }
            if (lists.size() > 1) {
                throw new InvalidDataException("several vector columns " + quote(lists)
                        + ": name the one to use (--column)", file, -1, null, null);
            }
            if (scalars.isEmpty()) {
                throw new InvalidDataException("no numeric column: expected a list of FLOAT or DOUBLE or numeric "
                        + "scalar columns; columns are " + describeFields(schema), file, -1, null, null);
            }
            return scalarLayout(schema, scalars, file);
        }
        for (String name : names) {
            if (!schema.containsField(name)) {
                throw new InvalidDataException("no column '" + name + "'; columns are " + describeFields(schema),
                        file, -1, name, null);
            }
        }
        if (names.size() == 1 && listKind(schema, schema.getType(names.get(0))) != null) {
            return listLayout(schema, names.get(0));
        }
        return scalarLayout(schema, names, file);
    }

    private static VectorLayout listLayout(MessageType schema, String name) {
        Type field = schema.getType(name);
        ColumnDescriptor leaf = onlyLeaf(schema, field);
        String[] path = leaf.getPath();
        int emptyBelow = -1;
        for (int depth = 1; depth <= path.length && emptyBelow < 0; depth++) {
            String[] prefix = java.util.Arrays.copyOf(path, depth);
            if (schema.getType(prefix).isRepetition(Type.Repetition.REPEATED)) {
                emptyBelow = schema.getMaxDefinitionLevel(prefix);
            }
        }
        int nullBelow = field.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0;
        ValueKind kind = ValueKind.of(leaf.getPrimitiveType());
        return new VectorLayout(true, List.of(new Leaf(name, leaf, kind)),
                new MessageType(schema.getName(), field), nullBelow, emptyBelow);
    }

    private static VectorLayout scalarLayout(MessageType schema, List<String> names, String file) {
        List<Leaf> leaves = new ArrayList<>();
        List<Type> fields = new ArrayList<>();
        for (String name : names) {
            Type field = schema.getType(name);
            ValueKind kind = scalarKind(field);
            if (kind == null) {
                throw new InvalidDataException("column is not numeric (" + describe(field) + "); "
                        + (names.size() == 1 ? "expected a list of numbers or a numeric column"
                        : "several named columns must each be a numeric scalar"), file, -1, name, null);
            }
            leaves.add(new Leaf(name, schema.getColumnDescription(new String[] {name}), kind));
            fields.add(field);
        }
        return new VectorLayout(false, leaves, new MessageType(schema.getName(), fields), 0, 0);
    }

    /** The element kind when {@code field} holds exactly one numeric leaf under exactly one repetition. */
    private static ValueKind listKind(MessageType schema, Type field) {
        ColumnDescriptor leaf = onlyLeaf(schema, field);
        if (leaf == null || leaf.getMaxRepetitionLevel() != 1) {
            return null;
        }
        return ValueKind.of(leaf.getPrimitiveType());
    }

    private static ValueKind scalarKind(Type field) {
        if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        return ValueKind.of(field.asPrimitiveType());
    }

    private static ColumnDescriptor onlyLeaf(MessageType schema, Type field) {
        List<ColumnDescriptor> leaves = new ArrayList<>();
        for (ColumnDescriptor column : schema.getColumns()) {
            if (column.getPath()[0].equals(field.getName())) {
                leaves.add(column);
            }
        }
        return leaves.size() == 1 ? leaves.get(0) : null;
    }

    /** Whether the vectors are lists (one leaf) rather than scalar columns. */
    boolean isList() {
        return list;
    }

    List<Leaf> leaves() {
        return leaves;
    }

    /** The requested schema: only the vector columns are read. */
    MessageType projection() {
        return projection;
    }

    /** The user-facing column names, in dimension order for scalar layouts. */
    List<String> columnNames() {
        return leaves.stream().map(Leaf::name).toList();
    }

    /** Why a list entry with definition level {@code level} below the maximum holds no value. */
    String missingValueReason(int level) {
        if (level < nullBelow) {
            return "null vector (null rows are rejected)";
        }
        if (level < emptyBelow) {
            return "empty list";
        }
        return "null element";
    }

    /** Same columns, same physical layout (so two part files can be read as one). */
    boolean sameLayoutAs(VectorLayout other) {
        if (list != other.list || leaves.size() != other.leaves.size()) {
            return false;
        }
        for (int i = 0; i < leaves.size(); i++) {
            Leaf a = leaves.get(i);
            Leaf b = other.leaves.get(i);
            if (!a.name.equals(b.name) || a.kind != b.kind || !a.descriptor.equals(b.descriptor)
                    || a.descriptor.getMaxDefinitionLevel() != b.descriptor.getMaxDefinitionLevel()) {
                return false;
            }
        }
        return true;
    }

    /** For messages: "list column 'emb' of FLOAT" or "scalar columns 'a' (DOUBLE), 'b' (INT32)". */
    String describe() {
        if (list) {
            return "list column '" + leaves.get(0).name + "' of " + leaves.get(0).kind;
        }
        return "scalar columns " + leaves.stream().map(l -> "'" + l.name + "' (" + l.kind + ")")
                .collect(Collectors.joining(", "));
    }

    private static String describeFields(MessageType schema) {
        return schema.getFields().stream().map(f -> f.getName() + " " + describe(f)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Type field) {
        if (field.isPrimitive()) {
            PrimitiveType p = field.asPrimitiveType();
            return p.getLogicalTypeAnnotation() == null ? p.getPrimitiveTypeName().toString()
                    : p.getPrimitiveTypeName() + "/" + p.getLogicalTypeAnnotation();
        }
        GroupType group = field.asGroupType();
        return group.getLogicalTypeAnnotation() == null ? "group" : group.getLogicalTypeAnnotation().toString();
    }

    private static String quote(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
