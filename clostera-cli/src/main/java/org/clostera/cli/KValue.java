package org.clostera.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of {@code --k}: a number of clusters, or {@code auto} (choose K from the data).
 *
 * @param clusters the number of clusters, or null for {@code auto}
 */
record KValue(Integer clusters) {

    boolean isAuto() {
        return clusters == null;
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : clusters.toString();
    }

    /** picocli converter: a positive integer or {@code auto}. */
    static final class Converter implements ITypeConverter<KValue> {
        @Override
        public KValue convert(String value) {
            String text = value.trim();
            if (text.toLowerCase(Locale.ROOT).equals("auto")) {
                return new KValue(null);
            }
            int k;
            try {
                k = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of clusters (an integer >= 1 or 'auto')");
            }
            if (k < 1) {
                throw new TypeConversionException("K must be at least 1, got " + k);
            }
            return new KValue(k);
        }
    }
}
