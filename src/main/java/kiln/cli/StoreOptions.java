package kiln.cli;

import java.nio.file.Path;

import kiln.store.KilnPaths;
import kiln.store.KilnStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The global {@code --db} option. Every command mixes it in, so it is accepted before or after the
 * subcommand: the nearest command on the path that was given a value wins.
 */
public final class StoreOptions {

    @Option(names = "--db", paramLabel = "PATH",
            description = "Database file (default: the user's data folder, e.g. ~/.local/share/kiln/kiln.duckdb).")
    Path db;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The chosen database file, or the platform default. */
    public Path databasePath() {
        Path chosen = explicitPath();
        return chosen != null ? chosen : KilnPaths.forCurrentUser().defaultDatabase();
    }

    /** The file named with --db on this command or any parent, or null. */
    public Path explicitPath() {
        if (db != null) {
            return db;
        }
        for (CommandSpec c = mixee == null ? null : mixee.parent(); c != null; c = c.parent()) {
            for (CommandSpec mixin : c.mixins().values()) {
                if (mixin.userObject() instanceof StoreOptions other && other.db != null) {
                    return other.db;
                }
            }
        }
        return null;
    }

    /** Opens the database; failures surface as {@link kiln.store.StoreException} with a user message. */
    public KilnStore open() {
        return KilnStore.open(databasePath());
    }
}
