package org.clostera.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.clostera.internal.kernels.KernelsProvider;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the clostera version (filtered in at build time), the JVM and the kernels in use. */
public final class VersionProvider implements IVersionProvider {

    /** The clostera version this jar was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "clostera " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            "kernels: " + KernelsProvider.get().name()
        };
    }
}
