import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Prints one line summing the surefire reports one module wrote in this build, e.g.
 * {@code clostera-core: 412 tests run, 0 failures, 0 errors, 3 skipped (38 test classes, 52.1 s)}.
 * All {@code target/surefire-reports*} directories count (a module may run surefire more than once).
 *
 * <p>Run by the exec plugin after the tests of each module (in prepare-package, so after every surefire
 * execution of the test phase; see the parent pom) as a single-file source
 * program, so it works the same on every OS. Maven's {@code -q} hides surefire's own "Tests run" lines;
 * this line is printed to stdout directly and so stays. Reports older than the build start (left by an
 * earlier run, e.g. with a narrower {@code -Dtest}) are not counted; no fresh report means no line.
 *
 * <p>Arguments: module name, build directory, build start as ISO-8601 ({@code maven.build.timestamp}).
 */
public final class TestSummary {
    private TestSummary() {
    }

    public static void main(String[] args) throws IOException, XMLStreamException {
        String module = args[0];
        Path buildDirectory = Path.of(args[1]);
        // maven.build.timestamp has whole seconds; a report written in the build's first second still counts.
        Instant buildStart = Instant.parse(args[2]);
        if (!Files.isDirectory(buildDirectory)) {
            return;
        }
        List<Path> fresh;
        try (Stream<Path> files = Files.find(buildDirectory, 2, (f, attributes) -> attributes.isRegularFile()
                && f.getParent().getFileName().toString().startsWith("surefire-reports")
                && f.getFileName().toString().matches("TEST-.*\\.xml")
                && !attributes.lastModifiedTime().toInstant().isBefore(buildStart))) {
            fresh = files.sorted().toList();
        }
        if (fresh.isEmpty()) {
            return;
        }
        long tests = 0, failures = 0, errors = 0, skipped = 0;
        double seconds = 0;
        XMLInputFactory xml = XMLInputFactory.newFactory();
        xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        for (Path report : fresh) {
            try (InputStream in = Files.newInputStream(report)) {
                XMLStreamReader reader = xml.createXMLStreamReader(in);
                reader.nextTag(); // the <testsuite> root carries the counts
                tests += count(reader, "tests");
                failures += count(reader, "failures");
                errors += count(reader, "errors");
                skipped += count(reader, "skipped");
                String time = reader.getAttributeValue(null, "time");
                seconds += time == null ? 0 : Double.parseDouble(time.replace(",", ""));
                reader.close();
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d tests run, %d failures, %d errors, %d skipped (%d test class%s, %.1f s)%n",
                module, tests, failures, errors, skipped, fresh.size(), fresh.size() == 1 ? "" : "es", seconds);
    }

    private static long count(XMLStreamReader reader, String attribute) {
        String value = reader.getAttributeValue(null, attribute);
        return value == null ? 0 : Long.parseLong(value);
    }
}
