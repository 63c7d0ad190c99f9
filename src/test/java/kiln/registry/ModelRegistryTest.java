package kiln.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.store.KilnStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path dir;
    KilnStore store;
    ModelRegistry registry;
    final AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2019-07-11T00:00:00Z"));
    /** Stands in for the Tribuo loader: the registry treats artifacts as opaque bytes with a feature list. */
    final ModelFiles.ArtifactCheck check = bytes -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("model:")) {
            throw new IllegalArgumentException("not a model");
        }
        return List.of(text.substring(6).split(","));
    };

    @BeforeEach
    void open() {
        store = KilnStore.open(dir.resolve("r.duckdb"));
        registry = new ModelRegistry(store, clock::get);
    }

    @AfterEach
    void close() {
        store.close();
    }

    int finishedRun(String features) throws Exception {
        return store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO run (trainer, params, metrics, status, dataset, features, artifact, window_start, window_end, seed) "
                            + "VALUES ('cart', '{\"maxDepth\":5}', '{\"accuracy\":0.97}', 'finished', 'glassware', ?, ?, "
                            + "TIMESTAMP '2019-07-01', TIMESTAMP '2019-07-10', 42) RETURNING run_id")) {
                ps.setString(1, "[\"" + String.join("\",\"", features.split(",")) + "\"]");
                ps.setBytes(2, ("model:" + features).getBytes(StandardCharsets.UTF_8));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void versionsAreNumberedPerModelAndNamedAfterTheDataSet() throws Exception {
        ModelVersion v1 = registry.register(finishedRun("temp,pressure,duration"), null, null, "ann");
        ModelVersion v2 = registry.register(finishedRun("temp,pressure,duration"), null, "second", "ann");
        assertThat(v1.modelName()).isEqualTo("glassware");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(registry.versions(null)).extracting(ModelVersion::version).containsExactly(2, 1);
    }

    @Test
    void promotionKeepsOneProductionVersionAndAnswersWhichWasLiveWhen() throws Exception {
        registry.register(finishedRun("temp,pressure,duration"), null, null, "ann");
        registry.register(finishedRun("temp,pressure,duration"), null, null, "ann");
        registry.promote(null, 1, ModelVersion.PRODUCTION, "best of the seed grid", "ann");
        clock.set(clock.get().plus(Duration.ofDays(11)));
        registry.promote(null, 2, ModelVersion.PRODUCTION, "retrained after drift", "bob");

        assertThat(registry.production(null)).map(ModelVersion::version).contains(2);
        assertThat(registry.version(null, 1).alias()).isNull();
        List<ProductionPeriod> timeline = registry.productionTimeline(null);
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).end()).isEqualTo(Instant.parse("2019-07-22T00:00:00Z"));
        assertThat(timeline.get(1).end()).isNull();
        assertThat(registry.productionAt(null, Instant.parse("2019-07-10T23:59:59Z"))).isEmpty();
        assertThat(registry.productionAt(null, Instant.parse("2019-07-15T00:00:00Z"))).contains(1);
        assertThat(registry.productionAt(null, Instant.parse("2019-07-22T00:00:00Z"))).contains(2);
        assertThat(registry.history(null)).extracting(ModelEvent::action)
                .containsExactly("register", "register", "promote", "demote", "promote");
        assertThat(registry.history(null).get(4).by()).isEqualTo("bob");
    }

    @Test
    void challengerArchiveAndMistakesAreHandled() throws Exception {
        registry.register(finishedRun("temp,pressure,duration"), null, null, "ann");
        registry.promote(null, 1, ModelVersion.CHALLENGER, null, "ann");
        assertThatThrownBy(() -> registry.promote(null, 1, ModelVersion.CHALLENGER, null, "ann")).hasMessageContaining("already challenger");
        registry.archive(null, 1, "superseded", "ann");
        assertThatThrownBy(() -> registry.promote(null, 1, ModelVersion.PRODUCTION, null, "ann")).hasMessageContaining("archived");
        assertThatThrownBy(() -> registry.promote(null, 9, ModelVersion.PRODUCTION, null, "ann")).hasMessageContaining("no version 9");
        assertThatThrownBy(() -> registry.promote("nope", 1, ModelVersion.PRODUCTION, null, "ann")).hasMessageContaining(
                "no registered model 'nope'");
        assertThatThrownBy(() -> registry.register(12345, null, null, "ann")).hasMessageContaining("no run 12345");
        assertThat(registry.versions(null)).hasSize(1);
    }

    @Test
    void onlyFinishedRunsCanBeRegistered() throws Exception {
        int run = finishedRun("temp");
        store.write(conn -> conn.createStatement().executeUpdate("UPDATE run SET status = 'failed' WHERE run_id = " + run));
        assertThatThrownBy(() -> registry.register(run, null, null, "ann")).hasMessageContaining("is failed");
    }

    @Test
    void exportedFilesImportAsANewVersionWithLineage() throws Exception {
        registry.register(finishedRun("temp,pressure,duration"), null, null, "ann");
        ModelFiles files = new ModelFiles(store, registry, check);
        Path file = files.export(null, 1, dir.resolve("out/glassware-v1.kiln-model"), "ann");
        ModelVersion imported = files.importFile(file, null, "bob");
        assertThat(imported.version()).isEqualTo(2);
        assertThat(imported.source()).isEqualTo("import");
        assertThat(files.readChecked(file).metadata().path("metrics").path("accuracy").asDouble()).isEqualTo(0.97);
    }

    @Test
    void tamperedOrForeignFilesAreRefusedAndTheRegistryIsUnchanged() throws Exception {
        registry.register(finishedRun("temp,pressure,duration"), null, null, "ann");
        ModelFiles files = new ModelFiles(store, registry, check);
        Path good = files.export(null, 1, dir.resolve("good.zip"), "ann");
        String metadata = new String(readEntry(good, ModelFiles.METADATA_ENTRY), StandardCharsets.UTF_8);

        Path tampered = zip("tampered.zip", ModelFiles.METADATA_ENTRY, metadata.getBytes(StandardCharsets.UTF_8),
                ModelFiles.ARTIFACT_ENTRY, "model:temp,pressure,durationX".getBytes(StandardCharsets.UTF_8));
        Path traversal = zip("traversal.zip", "../../etc/evil", "x".getBytes(StandardCharsets.UTF_8));
        Path otherFormat = zip("other.zip", ModelFiles.METADATA_ENTRY, metadata.replace("\"kiln-model\"", "\"mlflow\"").getBytes(
                StandardCharsets.UTF_8),
                ModelFiles.ARTIFACT_ENTRY, readEntry(good, ModelFiles.ARTIFACT_ENTRY));
        Path newer = zip("newer.zip", ModelFiles.METADATA_ENTRY, metadata.replace("\"format_version\" : 1", "\"format_version\" : 7").getBytes(
                StandardCharsets.UTF_8),
                ModelFiles.ARTIFACT_ENTRY, readEntry(good, ModelFiles.ARTIFACT_ENTRY));
        Path notZip = dir.resolve("plain.txt");
        Files.writeString(notZip, "hello");
        Path bomb = zip("bomb.zip", ModelFiles.METADATA_ENTRY, new byte[(int) ModelFiles.MAX_METADATA_BYTES + 10]);

        assertThatThrownBy(() -> files.importFile(tampered, null, "eve")).hasMessageContaining("does not match its checksum");
        assertThatThrownBy(() -> files.importFile(traversal, null, "eve")).hasMessageContaining("'../../etc/evil' is not allowed");
        assertThatThrownBy(() -> files.importFile(otherFormat, null, "eve")).hasMessageContaining("field format");
        assertThatThrownBy(() -> files.importFile(newer, null, "eve")).hasMessageContaining("format_version");
        assertThatThrownBy(() -> files.importFile(notZip, null, "eve")).hasMessageContaining("not a Kiln model file");
        assertThatThrownBy(() -> files.importFile(bomb, null, "eve")).hasMessageContaining("unpacks to more than");
        assertThat(registry.versions(null)).hasSize(1);
        assertThat(registry.history(null)).hasSize(1);
    }

    private Path zip(String name, Object... entries) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write((byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
        return file;
    }

    private static byte[] readEntry(Path zipFile, String entry) throws Exception {
        try (var zf = new ZipFile(zipFile.toFile())) {
            return zf.getInputStream(zf.getEntry(entry)).readAllBytes();
        }
    }
}
