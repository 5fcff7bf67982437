package org.clostera.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The reason for a failed file operation in words ("permission denied", "disk full", ...), for messages
 * that name the user's path themselves: no exception class names, no temporary file names.
 */
public final class IoReasons {
    private IoReasons() {
    }

    /** Why {@code failure} (an I/O exception, possibly wrapped) happened, in a few lower-case words. */
    public static String reason(Throwable failure) {
        Throwable e = failure instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a folder that is not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "the folder links back to itself";
        }
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(e.getMessage());
        return fromText(e instanceof FileNotFoundException, text);
    }

    /** Whether {@code failure} says the file system ran out of space. */
    public static boolean isDiskFull(Throwable failure) {
        return reason(failure).startsWith("disk full");
    }

    private static String fromText(boolean notFound, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk quota") || lower.contains("not enough space")) {
            return "disk full (no space left on the device)";
        }
        if (lower.contains("permission denied") || lower.contains("access is denied")) {
            return "permission denied";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system";
        }
        if (lower.contains("is a directory")) {
            return "is a folder";
        }
        if (lower.contains("not a directory")) {
            return "a part of the path is a file, not a folder";
        }
        if (lower.contains("no such file")) {
            return "no such file or folder";
        }
        if (lower.contains("file name too long")) {
            return "file name too long";
        }
        // FileNotFoundException("/x/y (Reason)") and friends: keep the reason, drop the path.
        int open = text.lastIndexOf('(');
        if (text.endsWith(")") && open >= 0) {
            return text.substring(open + 1, text.length() - 1).toLowerCase(Locale.ROOT);
        }
        if (notFound) {
            return "no such file or folder";
        }
        return text.isBlank() || text.equals("null") ? "input/output error" : text.strip();
    }
}
