package kiln.store.eda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import kiln.domain.ProgressSink;
import kiln.domain.ingest.ImportRequest;
import kiln.store.KilnStore;
import kiln.store.ingest.ImportService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Data workspace opens on the data set the user worked with last, not on the empty built-in one. */
class PreferredDatasetTest {

    @TempDir
    Path dir;

    @Test
    void theImportedDataSetIsShownFirstWhileTheBuiltInOneIsEmpty() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("pref.duckdb"))) {
            EdaQueries eda = new EdaQueries(store);
            assertThat(eda.preferredDataset(ProgressSink.NONE)).isEqualTo("glassware");
            Path file = dir.resolve("press.csv");
            Files.writeString(file, "id,time,force,result\n1,2024-05-01 08:00:00,10.5,scrap\n2,2024-05-01 08:01:00,11.0,keep\n");
            new ImportService(store).importFile(new ImportRequest(file, "press", "id", "time", null, "result", null,
                    ImportRequest.DEFAULT_TOLERANCE, "scrap", false, null), ProgressSink.NONE);
            assertThat(eda.datasetNames(ProgressSink.NONE)).containsExactly("glassware", "press");
            assertThat(eda.preferredDataset(ProgressSink.NONE)).isEqualTo("press");
        }
    }
}
