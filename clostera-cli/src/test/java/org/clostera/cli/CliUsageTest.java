package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage exits with 2 and one line on stderr; help and version exit with 0. */
class CliUsageTest {

    @TempDir
    Path dir;

    private void assertUsageError(CliRun run, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("clostera: error: ").contains(fragments);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingKIsAUsageError() {
        CliRun run = CliRun.of("cluster", dir.resolve("in.npy").toString(), "--output", dir.resolve("l.npy").toString());
        assertUsageError(run, "--k");
    }

    @Test
    void kZeroIsAUsageError() {
        CliRun run = CliRun.of("cluster", dir.resolve("in.npy").toString(), "--k", "0",
                "--output", dir.resolve("l.npy").toString());
        assertUsageError(run, "--k", "at least 1");
    }

    @Test
    void kNotANumberIsAUsageError() {
        CliRun run = CliRun.of("cluster", "in.npy", "--k", "many", "--output", "l.npy");
        assertUsageError(run, "--k", "'many'");
    }

    @Test
    void autoKOptionsNeedKAutoAndAKnownMethod() {
        assertUsageError(CliRun.of("cluster", "in.npy", "--k", "4", "--output", "l.npy", "--auto-k-method", "elbow"),
                "--auto-k-method", "--k auto");
        assertUsageError(CliRun.of("cluster", "in.npy", "--k", "auto", "--output", "l.npy", "--auto-k-method",
                "astrology"), "--auto-k-method", "astrology");
        assertUsageError(CliRun.of("cluster", "in.npy", "--k", "auto", "--output", "l.npy", "--auto-k-candidates",
                "4,0"), "--auto-k-candidates", ">= 1");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("cluster", "in.npy", "--k", "4", "--output", "l.npy", "--bogus");
        assertUsageError(run, "Unknown option", "--bogus");
    }

    @Test
    void outOfRangeValuesAreUsageErrors() {
        assertUsageError(CliRun.of("cluster", "in.npy", "--k", "4", "--output", "l.npy", "--codebook-size", "300"),
                "--codebook-size", "2..256");
        assertUsageError(CliRun.of("cluster", "in.npy", "--k", "4", "--output", "l.npy", "--threads", "0"),
                "--threads");
        assertUsageError(CliRun.of("generate", "--rows", "0", "--dim", "8", "--clusters", "2",
                "--output", dir.toString()), "--rows");
        assertUsageError(CliRun.of("generate", "--rows", "10", "--dim", "8", "--clusters", "20",
                "--output", dir.toString()), "--clusters");
        assertUsageError(CliRun.of("generate", "--distribution", "uniform", "--rows", "10", "--dim", "8",
                "--clusters", "2", "--output", dir.toString()), "--distribution");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertUsageError(CliRun.of(), "missing command");
        assertUsageError(CliRun.of("frobnicate"), "frobnicate");
    }

    @Test
    void missingInputFileIsBadInput() {
        Path missing = dir.resolve("missing.npy");
        CliRun run = CliRun.of("cluster", missing.toString(), "--k", "4", "--output", dir.resolve("l.npy").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("clostera: error: " + missing + ": input file not found");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void helpAndVersionSucceedOnEveryCommand() {
        for (String command : new String[] {"generate", "cluster", "evaluate", "demo"}) {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: clostera " + command);
            CliRun version = CliRun.of(command, "--version");
            assertThat(version.exitCode()).isZero();
            assertThat(version.out()).startsWith("clostera " + VersionProvider.version());
        }
        assertThat(CliRun.of("--help").out()).contains("generate", "cluster", "evaluate", "demo", "Exit codes");
        assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
