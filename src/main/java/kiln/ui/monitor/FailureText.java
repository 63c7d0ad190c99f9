package kiln.ui.monitor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import kiln.domain.UserFacingException;

/**
 * Turns a failure into a sentence the user can act on: what did not work, why in plain words where
 * the cause is known, and what to do next. An exception's class name alone ("NullPointerException")
 * tells a user nothing.
 */
final class FailureText {

    static final String SEE_LOG = "Try again; if it keeps failing, the log (kiln.log) has the details.";

    private FailureText() {}

    /** "{doing} did not work: {reason}. {what to do}" for a failure while {@code doing} (e.g. "Loading the per-hour windows"). */
    static String of(String doing, Throwable e) {
        if (e instanceof UserFacingException) {
            return doing + " did not work: " + e.getMessage();
        }
        return doing + " did not work: " + reason(e) + " " + SEE_LOG;
    }

    /** For a file Kiln was writing: says whether the folder is missing, not writable or the disk full. */
    static String ofFile(String doing, Path file, Throwable e) {
        Throwable cause = rootIo(e);
        String where = file == null ? "" : " to " + file;
        if (cause instanceof AccessDeniedException) {
            return doing + where + " did not work: Kiln may not write there. Choose a folder you can write to, e.g. your home folder.";
        }
        if (cause instanceof NoSuchFileException) {
            return doing + where + " did not work: the folder does not exist (any more). Choose an existing folder.";
        }
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return doing + where + " did not work: " + fs.getReason() + ". Choose another folder or free some space.";
        }
        if (cause instanceof IOException io) {
            return doing + where + " did not work: " + (io.getMessage() == null ? "the file could not be written" : io.getMessage())
                    + ". Choose another folder or free some space.";
        }
        return of(doing + where, e);
    }

    private static Throwable rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return e;
    }

    /** The message when it says something; a plain "internal error" when there is only a class name. */
    private static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank() || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException) {
            return "an internal error (" + e.getClass().getSimpleName() + ") stopped it.";
        }
        return message.endsWith(".") ? message : message + ".";
    }
}
