package org.clostera.io.store;

import java.nio.file.Path;

/** Child JVM for {@link MappedFileCodeStoreTest}: opens spill and persistent stores, then exits without closing. */
public final class ExitWithOpenStore {
    private ExitWithOpenStore() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        MappedFileCodeStore spill = MappedFileCodeStore.createTemporary(dir, 1_000, 8);
        spill.write(0, 1, new byte[8], 0);
        MappedFileCodeStore.createPersistent(dir.resolve("codes.bin"), 10, 4);
        System.out.println(dir.toFile().list().length);
        System.exit(0);
    }
}
