package kiln.registry;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiln.domain.ModelVersion;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;

/**
 * A model version as one portable file: a zip holding {@code kiln-model.json} (format, lineage,
 * feature schema, SHA-256 of the artifact) and {@code model.bin} (the run's artifact: Tribuo's
 * protobuf model with its bin edges). Import trusts nothing: entry names, sizes, checksum, format
 * version and feature schema are all checked before anything is written, and the artifact is parsed
 * by the model loader (protobuf; never Java deserialization).
 */
public final class ModelFiles {

    public static final String FORMAT = "kiln-model";
    public static final int FORMAT_VERSION = 1;
    static final String METADATA_ENTRY = "kiln-model.json";
    static final String ARTIFACT_ENTRY = "model.bin";
    static final long MAX_METADATA_BYTES = 1L << 20;
    static final long MAX_ARTIFACT_BYTES = 512L << 20;
    /** Entries are judged for expansion once they pass this size; serialised models pack 3-20 times. */
    static final long RATIO_CHECK_BYTES = 8L << 20;
    static final long MAX_EXPANSION = 200;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Parses an artifact and returns the feature names it expects; throws if it is not a model. */
    @FunctionalInterface
    public interface ArtifactCheck {
        List<String> featureNames(byte[] artifact) throws Exception;
    }

    private final KilnStore store;
    private final ModelRegistry registry;
    private final ArtifactCheck artifactCheck;

    public ModelFiles(KilnStore store, ModelRegistry registry, ArtifactCheck artifactCheck) {
        this.store = store;
        this.registry = registry;
        this.artifactCheck = artifactCheck;
    }

    /** Writes {@code modelName} v{@code version} to {@code out} (atomically: a temp file then a move). */
    public Path export(String modelName, int version, Path out, String by) {
        String name = registry.resolveName(modelName);
        ModelVersion mv = registry.version(name, version);
        if (mv.runId() == null) {
            throw new RegistryException(name + " v" + version + " has no run, so no artifact to export.");
        }
        ObjectNode meta = JSON.createObjectNode();
        byte[] artifact = read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT trainer, params, metrics, dataset, window_start, window_end, features, fingerprint, seed, artifact, artifact_sha256 "
                            + "FROM run WHERE run_id = ?")) {
                ps.setInt(1, mv.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new RegistryException("Run " + mv.runId() + " of " + name + " v" + version + " is missing.");
                    }
                    meta.put("format", FORMAT);
                    meta.put("format_version", FORMAT_VERSION);
                    meta.put("model_name", name);
                    meta.put("version", version);
                    meta.put("trainer", rs.getString("trainer"));
                    meta.set("params", parseJson(rs.getString("params")));
                    meta.set("metrics", parseJson(rs.getString("metrics")));
                    meta.put("dataset", rs.getString("dataset"));
                    meta.put("window_start", String.valueOf(Timestamps.read(rs, "window_start")));
                    meta.put("window_end", String.valueOf(Timestamps.read(rs, "window_end")));
                    meta.set("features", parseJson(rs.getString("features")));
                    meta.put("fingerprint", rs.getString("fingerprint"));
                    meta.put("seed", rs.getLong("seed"));
                    meta.put("source_run_id", mv.runId());
                    meta.put("exported_at", Instant.now().toString());
                    meta.put("exported_by", by);
                    return rs.getBytes("artifact");
                }
            }
        });
        meta.put("artifact_sha256", sha256(artifact));
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".kiln-model", ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
                zip.write(JSON.writeValueAsBytes(meta));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(ARTIFACT_ENTRY));
                zip.write(artifact);
                zip.closeEntry();
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new RegistryException("Cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** What a model file holds, after every check passed. */
    public record ModelFile(JsonNode metadata, byte[] artifact) {
    }

    /** Reads and checks a model file without writing anything. */
    public ModelFile readChecked(Path file) {
        Map<String, byte[]> entries = readEntries(file);
        byte[] metaBytes = entries.get(METADATA_ENTRY);
        byte[] artifact = entries.get(ARTIFACT_ENTRY);
        if (metaBytes == null || artifact == null) {
            throw new RegistryException(file + " is not a Kiln model file: it needs the entries " + METADATA_ENTRY + " and " + ARTIFACT_ENTRY + ".");
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(metaBytes);
        } catch (IOException e) {
            throw new RegistryException(file + ": entry " + METADATA_ENTRY + " is not valid JSON (" + (e instanceof JsonProcessingException jpe ? jpe
                    .getOriginalMessage() : e.getMessage()) + ").");
        }
        if (!FORMAT.equals(meta.path("format").asText())) {
            throw new RegistryException(file + ": entry " + METADATA_ENTRY + ", field format: expected '" + FORMAT + "', found '"
                    + meta.path("format").asText() + "'.");
        }
        int formatVersion = meta.path("format_version").asInt(-1);
        if (formatVersion != FORMAT_VERSION) {
            throw new RegistryException(file + ": entry " + METADATA_ENTRY + ", field format_version: this Kiln reads version "
                    + FORMAT_VERSION + ", the file has " + meta.path("format_version") + ".");
        }
        String expected = meta.path("artifact_sha256").asText("");
        String actual = sha256(artifact);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new RegistryException(file + ": entry " + ARTIFACT_ENTRY + " does not match its checksum (SHA-256 " + actual
                    + ", expected " + (expected.isEmpty() ? "none" : expected) + "); the file was altered or damaged.");
        }
        List<String> declared = new ArrayList<>();
        meta.path("features").forEach(f -> declared.add(f.asText()));
        List<String> modelFeatures;
        try {
            modelFeatures = artifactCheck.featureNames(artifact);
        } catch (Exception e) {
            throw new RegistryException(file + ": entry " + ARTIFACT_ENTRY + " is not a model Kiln can load (" + e.getMessage() + ").", e);
        }
        if (!declared.isEmpty() && !declared.equals(modelFeatures)) {
            throw new RegistryException(file + ": field features " + declared + " does not match the model's features " + modelFeatures + ".");
        }
        checkDatasetHasFeatures(file, meta.path("dataset").asText(null), modelFeatures);
        return new ModelFile(meta, artifact);
    }

    /** Imports a checked model file as a new version (of its own name, or {@code asName}). */
    public ModelVersion importFile(Path file, String asName, String by) {
        ModelFile mf = readChecked(file);
        JsonNode meta = mf.metadata();
        String name = asName != null ? asName : meta.path("model_name").asText();
        int runId = write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO run (trainer, params, metrics, status, started_at, duration_ms, dataset, window_start, window_end, features, "
                            + "fingerprint, seed, artifact, artifact_sha256, model_bytes, note) "
                            + "VALUES (?, ?, ?, 'imported', ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id")) {
                ps.setString(1, meta.path("trainer").asText("unknown"));
                ps.setString(2, meta.path("params").toString());
                ps.setString(3, meta.path("metrics").toString());
                Timestamps.bind(ps, 4, Instant.now());
                ps.setString(5, meta.path("dataset").asText(null));
                Timestamps.bind(ps, 6, parseInstant(meta.path("window_start").asText(null)));
                Timestamps.bind(ps, 7, parseInstant(meta.path("window_end").asText(null)));
                ps.setString(8, meta.path("features").toString());
                ps.setString(9, meta.path("fingerprint").asText(null));
                ps.setLong(10, meta.path("seed").asLong());
                ps.setBytes(11, mf.artifact());
                ps.setString(12, sha256(mf.artifact()));
                ps.setLong(13, mf.artifact().length);
                ps.setString(14, "imported from " + file.getFileName());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        return registry.register(runId, name, "imported from " + file.getFileName(), by);
    }

    private void checkDatasetHasFeatures(Path file, String dataset, List<String> features) {
        if (dataset == null) {
            return;
        }
        List<String> known = read(conn -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM dataset_feature WHERE dataset = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
        if (!known.isEmpty() && !known.containsAll(features)) {
            List<String> missing = new ArrayList<>(features);
            missing.removeAll(known);
            throw new RegistryException(file + ": the model needs features " + missing + " that data set '" + dataset + "' does not have.");
        }
    }

    /** Reads exactly the two known entries, counting real bytes (never trusting declared sizes). */
    private static Map<String, byte[]> readEntries(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        CountingInputStream raw;
        try (InputStream in = raw = new CountingInputStream(Files.newInputStream(file)); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            int count = 0;
            while ((entry = zip.getNextEntry()) != null) {
                if (++count > 2) {
                    throw new RegistryException(file + " has unexpected extra entries; a Kiln model file holds exactly "
                            + METADATA_ENTRY + " and " + ARTIFACT_ENTRY + ".");
                }
                String name = entry.getName();
                if (!METADATA_ENTRY.equals(name) && !ARTIFACT_ENTRY.equals(name)) {
                    throw new RegistryException(file + ": entry '" + name + "' is not allowed in a Kiln model file.");
                }
                if (entries.containsKey(name)) {
                    throw new RegistryException(file + ": entry '" + name + "' appears twice.");
                }
                long limit = METADATA_ENTRY.equals(name) ? MAX_METADATA_BYTES : MAX_ARTIFACT_BYTES;
                entries.put(name, readLimited(zip, limit, file, name, raw));
            }
        } catch (IOException e) {
            throw new RegistryException(file + " is not a readable model file (" + e.getMessage() + ").", e);
        }
        if (entries.isEmpty()) {
            throw new RegistryException(file + " is not a Kiln model file (not a zip, or empty).");
        }
        return entries;
    }

    private static byte[] readLimited(InputStream in, long limit, Path file, String entry, CountingInputStream raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw new RegistryException(file + ": entry '" + entry + "' unpacks to more than " + (limit >> 20) + " MiB; refused.");
            }
            // A zip bomb is refused after a few MiB, not after filling memory up to the size limit.
            if (total > RATIO_CHECK_BYTES && total > MAX_EXPANSION * raw.count()) {
                throw new RegistryException(file + ": entry '" + entry + "' expands more than " + MAX_EXPANSION
                        + " times its packed size (a zip bomb?); refused.");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Counts the packed bytes read from the file, to compare with what they unpack to. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseJson(String text) {
        try {
            return text == null ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private static Instant parseInstant(String text) {
        if (text == null || text.isBlank() || "null".equals(text)) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private <T> T read(SqlWork<T> work) {
        try {
            return store.read(work);
        } catch (SQLException e) {
            throw new DataAccessException("Model file query failed", e);
        }
    }

    private <T> T write(SqlWork<T> work) {
        try {
            return store.writeTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException("Model import failed", e);
        }
    }
}
