package org.clostera.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.clostera.InvalidParameterException;
import org.clostera.io.synthetic.Distribution;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --distribution NAME}: the command-line names of {@link Distribution} (gaussian, student_t, ...). */
final class DistributionConverter implements ITypeConverter<Distribution> {
    @Override
    public Distribution convert(String value) {
        try {
            return Distribution.fromCliName(value);
        } catch (InvalidParameterException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The names shown in help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Distribution.values()).map(Distribution::cliName).iterator();
        }
    }
}
