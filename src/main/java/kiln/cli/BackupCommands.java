package kiln.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import kiln.store.Backups;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln backup} and {@code kiln restore}. */
public final class BackupCommands {

    private BackupCommands() {}

    /** A consistent copy of the database. */
    @Command(name = "backup", description = "Write a consistent copy of the database to a new file.")
    public static final class Backup implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to create.")
        Path out;

        @Override
        public Integer call() {
            try (KilnStore db = store.open()) {
                Path written = Backups.backup(db, out);
                spec.commandLine().getOut().println("Backed up " + db.path() + " to " + written);
            }
            return 0;
        }
    }

    /** Puts a backup in place of the database; the old file is kept. */
    @Command(name = "restore", description = "Replace the database by a backup (the current file is kept beside it).")
    public static final class Restore implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "BACKUP")
        Path backup;

        @Override
        public Integer call() {
            Path kept = Backups.restore(backup, store.databasePath());
            spec.commandLine().getOut().println("Restored " + backup + " to " + store.databasePath()
                    + (kept != null ? "; the previous database is kept at " + kept : ""));
            return 0;
        }
    }
}
