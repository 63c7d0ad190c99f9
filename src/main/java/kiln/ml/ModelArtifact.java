package kiln.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.UserFacingException;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A trained model as stored in {@code run.artifact}: a small JSON header (trainer, parameters,
 * feature schema, bin edges, encoding, label classes, category codes) followed by Tribuo's protobuf serialization of the model.
 * Never Java serialization. Layout: magic {@code KILNMDL2}, header length (int), header UTF-8, model length
 * (int), deflated length (int), the model's protobuf bytes deflated ({@link java.util.zip}). Artifacts written
 * before compression (magic {@code KILNMDL1}: header as above, model length, protobuf bytes) still load.
 *
 * <p>Why deflate: a tree's protobuf spells out every node's class scores by name, so a forest of 25 trees
 * of depth 10 takes about 400 KB and deflates to about 20 KB in a few milliseconds; a family of a
 * thousand such members was writing some 650 MB of blobs through the one writer.
 */
public final class ModelArtifact {

    private static final byte[] MAGIC = "KILNMDL2".getBytes(StandardCharsets.US_ASCII);
    /** The layout before the model bytes were deflated. */
    private static final byte[] MAGIC_UNCOMPRESSED = "KILNMDL1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a scorer needs besides the Tribuo model.
     *
     * @param edges         bin edges per feature, or null when the model was trained on raw values
     * @param positiveLabel Tribuo's name of the positive class of a binary model ("1"); null for multi-class models
     * @param classes       the class values at training time in code order (Tribuo's label "k" is {@code classes.get(k)});
     *                      artifacts written before classes were recorded read as ["0", "1"]
     * @param categories    each categorical feature's categories in code order from code 1, null at the other bucket
     *                      (see {@link CategoryCodes}); empty for models of numeric features only, and for artifacts
     *                      written before categorical features were trained
     */
    public record Header(String trainer, Map<String, Object> params, List<String> features, double[][] edges,
            FeatureEncoding encoding, String positiveLabel, List<String> classes,
            // left out when empty: a model of numeric features keeps the bytes it always had
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> categories) {

        public Header {
            classes = classes == null ? TrainingData.BINARY_CLASSES : List.copyOf(classes);
            // Not Map.copyOf/List.copyOf: a category list holds null (the other bucket).
            categories = categories == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        }

        /** A header of numeric features only. */
        public Header(String trainer, Map<String, Object> params, List<String> features, double[][] edges, FeatureEncoding encoding,
                String positiveLabel, List<String> classes) {
            this(trainer, params, features, edges, encoding, positiveLabel, classes, Map.of());
        }

        /** A binary header in the form written before classes were recorded. */
        public Header(String trainer, Map<String, Object> params, List<String> features, double[][] edges, FeatureEncoding encoding,
                String positiveLabel) {
            this(trainer, params, features, edges, encoding, positiveLabel, TrainingData.BINARY_CLASSES);
        }

        public FeatureBins bins() {
            return edges == null ? null : new FeatureBins(features, edges);
        }

        /** The codes of each categorical feature (by name). */
        public Map<String, CategoryCodes> categoryCodes() {
            Map<String, CategoryCodes> codes = new LinkedHashMap<>();
            categories.forEach((feature, values) -> codes.put(feature, CategoryCodes.of(values)));
            return codes;
        }

        /** The stored form of {@code codes}. */
        public static Map<String, List<String>> stored(Map<String, CategoryCodes> codes) {
            Map<String, List<String>> stored = new LinkedHashMap<>();
            codes.forEach((feature, c) -> stored.put(feature, c.values()));
            return stored;
        }
    }

    private final byte[] bytes;
    private final String sha256;
    private final Header header;
    private final byte[] modelProto;

    private ModelArtifact(byte[] bytes, Header header, byte[] modelProto) {
        this.bytes = bytes;
        this.sha256 = sha256(bytes);
        this.header = header;
        this.modelProto = modelProto;
    }

    public static ModelArtifact create(Model<Label> model, Header header) {
        try {
            ByteArrayOutputStream proto = new ByteArrayOutputStream();
            model.serializeToStream(proto);
            byte[] modelBytes = proto.toByteArray();
            byte[] deflated = deflate(modelBytes);
            byte[] headerBytes = JSON.writeValueAsBytes(header);
            ByteArrayOutputStream all = new ByteArrayOutputStream(deflated.length + headerBytes.length + 20);
            DataOutputStream out = new DataOutputStream(all);
            out.write(MAGIC);
            out.writeInt(headerBytes.length);
            out.write(headerBytes);
            out.writeInt(modelBytes.length);
            out.writeInt(deflated.length);
            out.write(deflated);
            out.flush();
            return new ModelArtifact(all.toByteArray(), header, modelBytes);
        } catch (IOException e) {
            throw new IllegalStateException("Serializing the model failed", e);
        }
    }

    /** @throws UserFacingException when the bytes are not a Kiln model artifact */
    public static ModelArtifact read(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte[] magic = in.readNBytes(MAGIC.length);
            boolean deflated = Arrays.equals(magic, MAGIC);
            if (!deflated && !Arrays.equals(magic, MAGIC_UNCOMPRESSED)) {
                throw new UserFacingException("Not a Kiln model artifact (it does not start with KILNMDL2 or KILNMDL1)");
            }
            byte[] headerBytes = in.readNBytes(in.readInt());
            Header header = JSON.readValue(headerBytes, Header.class);
            int modelLength = in.readInt();
            int storedLength = deflated ? in.readInt() : modelLength;
            byte[] stored = in.readNBytes(storedLength);
            if (stored.length != storedLength) {
                throw new UserFacingException("The model artifact is truncated (" + bytes.length + " bytes)");
            }
            return new ModelArtifact(bytes.clone(), header, deflated ? inflate(stored, modelLength) : stored);
        } catch (IOException e) {
            throw new UserFacingException("The model artifact cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] stored, int length) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] model = new byte[length];
            int n = 0;
            while (n < length && !inflater.finished()) {
                int got = inflater.inflate(model, n, length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != length || !inflater.finished()) {
                throw new UserFacingException("The model in the artifact is damaged (" + n + " of " + length + " bytes inflate)");
            }
            return model;
        } catch (DataFormatException e) {
            throw new UserFacingException("The model in the artifact is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Deserializes the Tribuo model from its protobuf bytes. */
    @SuppressWarnings("unchecked")
    public Model<Label> tribuoModel() {
        try {
            Model<?> model = Model.deserializeFromStream(new ByteArrayInputStream(modelProto));
            if (!model.validate(Label.class)) {
                throw new UserFacingException("The model artifact does not hold a classification model");
            }
            return (Model<Label>) model;
        } catch (IOException e) {
            throw new UserFacingException("The model in the artifact cannot be read: " + e.getMessage(), e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public String sha256() {
        return sha256;
    }

    public Header header() {
        return header;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
