package kiln.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bad inputs too big or too binary to commit: written into a folder at test time, under the
 * same sub-folder names as the committed corpus so that {@code cases.tsv} addresses both alike.
 */
final class GeneratedBadInputs {

    private GeneratedBadInputs() {}

    static void writeAll(Path dir) throws IOException, SQLException {
        Files.createDirectories(dir.resolve("csv"));
        Files.createDirectories(dir.resolve("parquet"));
        Files.createDirectories(dir.resolve("model"));
        tenMegabyteLine(dir.resolve("csv/ten-mb-single-line.csv"));
        parquetFiles(dir.resolve("parquet"));
        zipBomb(dir.resolve("model/zip-bomb.kiln"));
    }

    /** A header and then one 10 MB line (a long run of digits in the temp field). */
    private static void tenMegabyteLine(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("pid,sensor_id,process_time,temp,pressure,duration\n900001,1,2019-07-01 00:14:50,".getBytes(StandardCharsets.US_ASCII));
            byte[] digits = new byte[1 << 20];
            Arrays.fill(digits, (byte) '9');
            for (int i = 0; i < 10; i++) {
                out.write(digits);
            }
            out.write(",14.1,29.2\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void parquetFiles(Path dir) throws IOException, SQLException {
        Path good = dir.resolve("whole.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            // Glassware column names, wrong types: text ids, boolean temperatures, integer times.
            st.execute("COPY (SELECT 'p' || i AS pid, i % 3 AS sensor_id, i AS process_time, i % 2 = 0 AS temp, "
                    + "'high' AS pressure, [i, i] AS duration FROM range(50) t(i)) TO '" + dir.resolve("wrong-types.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT 900000 + i AS pid, 1 AS sensor_id, TIMESTAMP '2019-07-01' + i * INTERVAL 7 MINUTE AS process_time, "
                    + "350 + i % 10 AS temp, 12.0 AS pressure, 30.0 AS duration FROM range(5000) t(i)) TO '" + good + "' (FORMAT parquet)");
        }
        byte[] bytes = Files.readAllBytes(good);
        Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        // Footer cut off: the magic number at the start is right, the one at the end is missing.
        Files.write(dir.resolve("truncated-footer.parquet"), Arrays.copyOf(bytes, bytes.length - 3));
        Files.delete(good);
        Files.write(dir.resolve("magic-only.parquet"), "PAR1PAR1".getBytes(StandardCharsets.US_ASCII));
    }

    /** A model file whose artifact entry inflates 100 MiB of zeros from about 100 KB. */
    private static void zipBomb(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry("kiln-model.json"));
            zip.write("{\"format\":\"kiln-model\",\"format_version\":1,\"model_name\":\"bomb\"}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("model.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
    }
}
