package kiln.ui.importer;

import java.nio.file.Path;

import kiln.domain.ingest.FilePreview;

/**
 * What the import wizard reads before anything is stored (decision 0010): a file's first rows and
 * the data set it most likely goes to. Both may block on the file or the database, so the wizard calls
 * them on a worker. The import itself is the caller's (app.ImportFlow), with the wizard's request.
 */
@FunctionalInterface
public interface ImportQueries {

    /** The file's first rows, its columns' kinds and a few of their values; throws with the file's name when it cannot be read. */
    FilePreview preview(Path file);

    /**
     * The data set the file goes to: a catalogued one whose tables the file is named after, else a name
     * made from the file's (what this default gives, for callers without a catalogue).
     */
    default String suggestDataset(Path file) {
        return ImportWizardViewModel.suggestName(file);
    }
}
