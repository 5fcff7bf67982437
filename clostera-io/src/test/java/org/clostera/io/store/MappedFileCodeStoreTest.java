package org.clostera.io.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.clostera.InvalidDataException;
import org.clostera.data.CodeStore;
import org.clostera.io.OutputFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileCodeStoreTest {
    @TempDir
    Path dir;

    private static byte[] randomCodes(int rows, int m, long seed) {
        byte[] codes = new byte[rows * m];
        new SplittableRandom(seed).nextBytes(codes);
        return codes;
    }

    @Test
    void refusesAStoreLargerThanTheFreeSpaceNamingTheFolderOrTarget() throws IOException {
        long rows = 1L << 50; // 2^56 bytes: more than any disk here
        assertThatThrownBy(() -> MappedFileCodeStore.createTemporary(dir, rows, 64))
                .isInstanceOf(OutputFileException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote("cannot write " + dir.toAbsolutePath()
                        + ": disk full: the codes need " + (32 + (rows << 6)) + " bytes but only ") + "\\d+"
                        + java.util.regex.Pattern.quote(" are free there (free some space or choose another folder)"));
        Path target = dir.resolve("codes.bin");
        assertThatThrownBy(() -> MappedFileCodeStore.createPersistent(target, rows, 64))
                .isInstanceOf(OutputFileException.class).hasMessageStartingWith("cannot write " + target + ": disk full");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /**
     * A mapped write that finds the disk full is a clear error naming the file, not an InternalError. Needs a
     * small file system to fill: run with CLOSTERA_SMALL_FS=/mnt/x, e.g. after
     * {@code mount -t tmpfs -o size=64k tmpfs /mnt/x} (as root); skipped otherwise.
     */
    @Test
    void aFullDiskDuringMappedWritesIsAClearError() throws IOException {
        String small = System.getenv("CLOSTERA_SMALL_FS");
        org.junit.jupiter.api.Assumptions.assumeTrue(small != null, "CLOSTERA_SMALL_FS not set");
        Path fs = Path.of(small);
        long free = Files.getFileStore(fs).getUsableSpace();
        int rows = (int) Math.min(free / 2, 1 << 20);
        Path target = fs.resolve("codes.bin");
        try (MappedFileCodeStore store = MappedFileCodeStore.createPersistent(target, rows, 1)) {
            Path filler = fs.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                // The disk is full now.
            }
            try {
                assertThatThrownBy(() -> store.write(0, rows, new byte[rows], 0))
                        .isInstanceOf(OutputFileException.class)
                        .hasMessage("cannot write " + target + ": the mapped file could not be written (disk full?)");
            } finally {
                Files.delete(filler);
            }
        }
        assertThat(fs.resolve("codes.bin")).doesNotExist();
    }

    @Test
    void rowsCrossingSmallWindowsReadBackExactly() {
        // 64-byte windows hold 12 rows of M = 5: a 1000-row store spans 84 windows.
        byte[] codes = randomCodes(1_000, 5, 1);
        try (MappedFileCodeStore store = MappedFileCodeStore.createTemporary(dir, 1_000, 5, 64)) {
            store.write(0, 1_000, codes, 0);
            byte[] all = new byte[5_000];
            store.read(0, 1_000, all, 0);
            assertThat(all).isEqualTo(codes);
            byte[] part = new byte[37 * 5 + 3];
            store.read(11, 37, part, 3);
            assertThat(Arrays.copyOfRange(part, 3, part.length)).isEqualTo(Arrays.copyOfRange(codes, 55, 55 + 185));
            assertThatThrownBy(() -> store.read(990, 11, all, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("rows [990, 1001) of 1000 in " + store.file());
            assertThatThrownBy(() -> store.write(-1, 1, codes, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("rows [-1, 0) of 1000 in " + store.file());
        }
    }

    @Test
    void disjointRangesAreWrittenFromSeveralThreads() throws Exception {
        int rows = 40_000;
        byte[] codes = randomCodes(rows, 7, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (MappedFileCodeStore store = MappedFileCodeStore.createTemporary(dir, rows, 7, 4096)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t * 5_000;
                futures.add(pool.submit(() -> store.write(first, 5_000, codes, first * 7)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            byte[] back = new byte[rows * 7];
            store.read(0, rows, back, 0);
            assertThat(back).isEqualTo(codes);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void temporaryFileIsDeletedOnClose() throws IOException {
        MappedFileCodeStore store = MappedFileCodeStore.createTemporary(dir, 100, 4);
        Path file = store.file();
        assertThat(file.getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(Files.size(file)).isEqualTo(32 + 400);
        assertThat(TempFiles.live()).contains(file);
        store.close();
        assertThat(file).doesNotExist();
        assertThat(TempFiles.live()).doesNotContain(file);
        assertThat(dir.toFile().list()).isEmpty();
        store.close();
    }

    @Test
    void persistentStoreAppearsOnlyAtCommitAndReopens() {
        Path target = dir.resolve("codes.bin");
        byte[] codes = randomCodes(500, 9, 3);
        try (MappedFileCodeStore store = MappedFileCodeStore.createPersistent(target, 500, 9)) {
            store.write(0, 500, codes, 0);
            assertThat(target).doesNotExist();
            store.commit();
            assertThat(target).exists();
            assertThat(store.committed()).isTrue();
            byte[] back = new byte[4_500];
            store.read(0, 500, back, 0);
            assertThat(back).isEqualTo(codes);
        }
        assertThat(dir.toFile().list()).containsExactly("codes.bin");
        try (MappedFileCodeStore opened = MappedFileCodeStore.open(target, 64)) {
            assertThat(opened.rows()).isEqualTo(500);
            assertThat(opened.codeBytes()).isEqualTo(9);
            byte[] back = new byte[4_500];
            opened.read(0, 500, back, 0);
            assertThat(back).isEqualTo(codes);
            assertThatThrownBy(() -> opened.write(0, 1, back, 0)).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(target).exists();
    }

    @Test
    void persistentStoreClosedWithoutCommitLeavesTheTargetUntouched() throws IOException {
        Path target = dir.resolve("codes.bin");
        Files.writeString(target, "previous");
        MappedFileCodeStore store = MappedFileCodeStore.createPersistent(target, 10, 2);
        store.write(0, 10, new byte[20], 0);
        store.close();
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(dir.toFile().list()).containsExactly("codes.bin");
    }

    @Test
    void badCodeFilesAreRejectedNamingTheFile() throws IOException {
        Path good = dir.resolve("good.bin");
        try (MappedFileCodeStore store = MappedFileCodeStore.createPersistent(good, 20, 3)) {
            store.write(0, 20, randomCodes(20, 3, 4), 0);
            store.commit();
        }
        byte[] bytes = Files.readAllBytes(good);
        expectInvalid(write("truncated.bin", Arrays.copyOf(bytes, bytes.length - 4)),
                "truncated code file: 88 bytes, expected 92 for N = 20 codes of M = 3 bytes (complete rows: 18)");
        expectInvalid(write("trailing.bin", Arrays.copyOf(bytes, bytes.length + 1)), "trailing data");
        expectInvalid(write("short.bin", Arrays.copyOf(bytes, 12)), "shorter than the 32-byte header");
        byte[] magic = bytes.clone();
        magic[3] = 'x';
        expectInvalid(write("magic.bin", magic), "bad magic");
        byte[] version = bytes.clone();
        version[8] = 2;
        expectInvalid(write("version.bin", version), "unsupported code file version 2");
        byte[] m = bytes.clone();
        m[12] = 0;
        expectInvalid(write("m.bin", m), "corrupt header");
        expectInvalid(dir.resolve("missing.bin"), "code file not found");
        expectInvalid(dir, "is a directory");
    }

    @Test
    void filesOfStoresLeftOpenAreDeletedAtJvmExit() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ExitWithOpenStore.class.getName(), dir.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes()).trim();
        assertThat(child.waitFor()).as(output).isZero();
        // Two files existed while the child ran; its exit hook removed both.
        assertThat(output).endsWith("2");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void factorySpillsUnderItsDirectory() throws IOException {
        Path spill = Files.createDirectory(dir.resolve("spill"));
        MappedFileCodeStoreFactory factory = new MappedFileCodeStoreFactory(spill);
        try (CodeStore store = factory.create(50, 4)) {
            assertThat(spill.toFile().list()).hasSize(1);
            assertThat(store.rows()).isEqualTo(50);
        }
        assertThat(spill.toFile().list()).isEmpty();
        assertThatThrownBy(() -> new MappedFileCodeStoreFactory(dir.resolve("nope")).create(5, 4))
                .hasMessageContaining("does not exist");
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static void expectInvalid(Path file, String message) {
        assertThatThrownBy(() -> MappedFileCodeStore.open(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(message).hasMessageContaining(file.toString());
    }
}
