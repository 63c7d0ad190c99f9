package kiln.store.ingest;

import static kiln.sim.SimTestSupport.count;
import static kiln.sim.SimTestSupport.differingRows;
import static kiln.sim.SimTestSupport.simulate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportExportTest {

    @TempDir
    Path dir;

    @Test
    void importingTheSampleFilesGivesTheSimulatorsRows() throws Exception {
        Path simulated = dir.resolve("sim.duckdb");
        Path imported = dir.resolve("imp.duckdb");
        simulate(simulated, "glassware", 42, null);
        try (KilnStore store = KilnStore.open(imported)) {
            ImportService service = new ImportService(store);
            ImportResult readings = service.importFile(ImportRequest.of(Path.of("sample-data/glassware/sensor_reading.csv"), "glassware"),
                    ProgressSink.NONE);
            ImportResult labels = service.importFile(ImportRequest.of(Path.of("sample-data/glassware/product_quality.csv"), "glassware"),
                    ProgressSink.NONE);
            assertThat(readings.rowsImported()).isEqualTo(7999);
            assertThat(labels.rowsImported()).isEqualTo(7999);
            assertThat(readings.rowsQuarantined() + labels.rowsQuarantined()).isZero();
            ImportResult again = service.importFile(ImportRequest.of(Path.of("sample-data/glassware/sensor_reading.csv"), "glassware"),
                    ProgressSink.NONE);
            assertThat(again.rowsImported()).isZero();
            assertThat(again.rowsAlreadyStored()).isEqualTo(7999);
        }
        assertThat(differingRows(simulated, imported, "sensor_reading", "sensor_reading")).isZero();
        assertThat(differingRows(simulated, imported, "product_quality", "product_quality")).isZero();
    }

    @Test
    void badLinesAreQuarantinedWithLineColumnAndReasonAndGoodLinesImported() throws Exception {
        Path csv = dir.resolve("plant.csv");
        Files.writeString(csv, String.join("\n",
                "id,ts,line_name,temp,colour,ok", // 1
                "1,2024-01-01 00:00:00,A,10.5,red,1", // 2 good
                "2,2024-01-01 00:10:00,B,11.0,blue,0", // 3 good
                ",2024-01-01 00:20:00,A,12.0,red,1", // 4 missing id
                "4,2024-01-01 00:30:00,A,warm,red,1", // 5 unparseable number
                "2,2024-01-01 00:40:00,B,13.0,red,0", // 6 duplicate id
                "6,2023-12-31 20:00:00,A,14.0,blue,1", // 7 time back 4h within line A (its rows are checked on their own)
                "7,2024-01-01 00:35:00,A,15.0,blue,1", // 8 good (back 5 min, within tolerance)
                "8,2024-01-01 00:50:00,A,16.0,blue,1,x", // 9 malformed
                "9,yesterday,A,16.5,blue,1", // 10 unparseable time
                "10,2024-01-01 01:00:00,B,17.0,green,0") + "\n"); // 11 good
        try (KilnStore store = KilnStore.open(dir.resolve("p.duckdb"))) {
            ImportRequest req = new ImportRequest(csv, "plant", "id", "ts", "line_name", "ok", null, ImportRequest.DEFAULT_TOLERANCE);
            ImportResult r = new ImportService(store).importFile(req, ProgressSink.NONE);
            assertThat(r.rowsRead()).isEqualTo(10);
            assertThat(r.firstBadRows()).extracting(Object::toString).containsExactly(
                    csv + ":4: column 'id': missing id",
                    csv + ":5: column 'temp': unparseable number 'warm'",
                    csv + ":6: column 'id': duplicate id (first on line 3)",
                    csv + ":7: column 'ts': time goes back to 2023-12-31 20:00:00 after 2024-01-01 00:00:00 (tolerance 3600 s)",
                    csv + ":9: malformed line: Expected Number of Columns: 6 Found: 7",
                    csv + ":10: column 'ts': unparseable time 'yesterday'");
            assertThat(r.rowsImported()).isEqualTo(4);
            assertThat(r.rowsQuarantined()).isEqualTo(6);
            assertThat(count(store, "SELECT count(*) FROM plant_reading")).isEqualTo(4);
            assertThat(count(store, "SELECT count(*) FROM plant_label WHERE ok = '1'")).isEqualTo(2);
            assertThat(count(store, "SELECT count(*) FROM import_quarantine WHERE dataset = 'plant'")).isEqualTo(6);
            assertThat(count(store, "SELECT count(*) FROM dataset WHERE name = 'plant' AND reading_table = 'plant_reading' "
                    + "AND label_table = 'plant_label' AND prediction_table = 'plant_prediction' AND id_column = 'id' "
                    + "AND time_column = 'ts' AND group_column = 'line_name' AND label_column = 'ok'")).isEqualTo(1);
            assertThat(count(store, "SELECT count(*) FROM dataset_feature WHERE dataset = 'plant' AND "
                    + "((name = 'temp' AND kind = 'numeric' AND expected_min = 10.5) OR (name = 'colour' AND kind = 'categorical'))")).isEqualTo(2);
        }
    }

    @Test
    void cancelledImportLeavesTheStoreAsBefore() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            ProgressSink cancelLate = new ProgressSink() {
                private long lastStep;

                @Override
                public void progress(long done, long total, String message) {
                    lastStep = done;
                }

                @Override
                public boolean isCancelled() {
                    return lastStep >= 5; // after the good rows were written
                }
            };
            ImportRequest req = ImportRequest.of(Path.of("sample-data/glassware/sensor_reading.csv"), "glassware");
            assertThatThrownBy(() -> new ImportService(store).importFile(req, cancelLate)).isInstanceOf(JobCancelledException.class);
            assertThat(count(store, "SELECT count(*) FROM sensor_reading")).isZero();
            assertThat(count(store, "SELECT count(*) FROM import_log")).isZero();
            assertThat(new ImportService(store).importFile(req, ProgressSink.NONE).rowsImported()).isEqualTo(7999);
        }
    }

    @Test
    void glasswareFileWithoutItsColumnsIsRefusedPlainly() throws Exception {
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "pid,temp\n1,2\n");
        try (KilnStore store = KilnStore.open(dir.resolve("x.duckdb"))) {
            assertThatThrownBy(() -> new ImportService(store).importFile(ImportRequest.of(csv, "glassware"), ProgressSink.NONE))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining(csv + ":1: column 'process_time' is missing");
        }
    }

    @Test
    void exportRoundTripsThroughParquetCsvAndPartitions() throws Exception {
        Path src = dir.resolve("src.duckdb");
        simulate(src, "glassware", 42, Instant.parse("2019-07-08T00:00:00Z"));
        Path parquet = dir.resolve("readings.parquet");
        Path csv = dir.resolve("readings.csv");
        Path parts = dir.resolve("parts");
        Path labels = dir.resolve("labels.parquet");
        try (KilnStore store = KilnStore.open(src)) {
            ExportService export = new ExportService(store);
            long rows = export.export("sensor_reading", ExportService.Format.PARQUET, parquet, null);
            assertThat(rows).isEqualTo(count(store, "SELECT count(*) FROM sensor_reading")).isGreaterThan(1000);
            assertThat(export.export("sensor_reading", ExportService.Format.CSV, csv, null)).isEqualTo(rows);
            assertThat(export.export("product_quality", ExportService.Format.PARQUET, parts, "qualitycheck_time")).isGreaterThan(0);
            export.export("product_quality", ExportService.Format.PARQUET, labels, null);
            assertThatThrownBy(() -> export.export("nope", ExportService.Format.CSV, csv, null)).hasMessageContaining("no table 'nope'");
        }
        assertThat(Files.list(parts).map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("qualitycheck_time="));
        for (Path file : List.of(parquet, csv)) {
            Path back = dir.resolve("back-" + file.getFileName() + ".duckdb");
            try (KilnStore store = KilnStore.open(back)) {
                ImportResult r = new ImportService(store).importFile(ImportRequest.of(file, "glassware"), ProgressSink.NONE);
                assertThat(r.rowsQuarantined()).isZero();
                // the labels too, so the readings' derived label codes match the source's
                new ImportService(store).importFile(ImportRequest.of(labels, "glassware"), ProgressSink.NONE);
            }
            assertThat(differingRows(src, back, "sensor_reading", "sensor_reading")).as(file.toString()).isZero();
        }
    }
}
