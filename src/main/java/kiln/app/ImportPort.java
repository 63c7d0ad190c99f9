package kiln.app;

import java.nio.file.Path;
import java.sql.SQLException;

import kiln.domain.DatasetSpec;
import kiln.domain.ingest.FilePreview;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;
import kiln.store.ingest.FilePreviewReader;
import kiln.ui.importer.ImportQueries;
import kiln.ui.importer.ImportWizardViewModel;

/** The import wizard's port over the file reader and the catalogue of the open database (decision 0010). */
final class ImportPort implements ImportQueries {

    /** How many rows the wizard's preview shows. */
    static final int PREVIEW_ROWS = 20;

    private final KilnStore store;

    ImportPort(KilnStore store) {
        this.store = store;
    }

    @Override
    public FilePreview preview(Path file) {
        return FilePreviewReader.read(file, PREVIEW_ROWS);
    }

    /** The catalogued data set whose reading or label table the file is named after, else a name made from the file's. */
    @Override
    public String suggestDataset(Path file) {
        String stem = ImportWizardViewModel.suggestName(file);
        try {
            return store.read(conn -> {
                for (String name : Catalog.names(conn)) {
                    DatasetSpec spec = Catalog.require(conn, name);
                    if (stem.equals(spec.readingTable()) || stem.equals(spec.labelTable())) {
                        return name;
                    }
                }
                return stem;
            });
        } catch (SQLException e) {
            return stem;
        }
    }
}
