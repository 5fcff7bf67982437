package org.clostera.io.npy;

import java.nio.ByteOrder;

/**
 * A simple numpy dtype: one kind letter ({@code f} float, {@code i} signed int, {@code u} unsigned int,
 * {@code b} bool), an item size in bytes and a byte order, as written in an {@code .npy} header's
 * {@code 'descr'} (e.g. {@code '<f4'}, {@code '>f8'}, {@code '|u1'}).
 *
 * @param descr    the descriptor text as in the header
 * @param kind     numpy kind letter
 * @param itemSize bytes per element
 * @param order    byte order of multi-byte elements
 */
public record NpyDtype(String descr, char kind, int itemSize, ByteOrder order) {

    public static final NpyDtype FLOAT32_LE = new NpyDtype("<f4", 'f', 4, ByteOrder.LITTLE_ENDIAN);
    public static final NpyDtype INT32_LE = new NpyDtype("<i4", 'i', 4, ByteOrder.LITTLE_ENDIAN);

    /**
     * Parses a simple descriptor such as {@code '<f4'}; returns null when it is not of the form
     * {@code [<>|=]<kind><size>} with kind one of {@code f i u b} and a size of 1, 2, 4 or 8.
     * {@code '='} (native order) is resolved to this machine's order, as numpy would when writing.
     */
    public static NpyDtype parse(String descr) {
        if (descr == null || descr.length() < 3) {
            return null;
        }
        char orderChar = descr.charAt(0);
        char kind = descr.charAt(1);
        if ("fiub".indexOf(kind) < 0) {
            return null;
        }
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            return null;
        }
        ByteOrder order;
        switch (orderChar) {
            case '<' -> order = ByteOrder.LITTLE_ENDIAN;
            case '>' -> order = ByteOrder.BIG_ENDIAN;
            case '=' -> order = ByteOrder.nativeOrder();
            case '|' -> {
                if (size != 1) {
                    return null;
                }
                order = ByteOrder.LITTLE_ENDIAN;
            }
            default -> {
                return null;
            }
        }
        return new NpyDtype(descr, kind, size, order);
    }

    /** Whether this is a 4- or 8-byte float. */
    public boolean isFloat32Or64() {
        return kind == 'f' && (itemSize == 4 || itemSize == 8);
    }

    /** Whether this is a signed or unsigned integer. */
    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }
}
