package kiln.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import kiln.app.Main;
import kiln.cli.CliTest;
import kiln.sim.SimTestSupport;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing doubled: {@code kiln simulate} runs as a separate process and is killed with
 * SIGKILL at seeded random moments at least 20 times, restarted after each kill, then allowed to
 * finish. It scores as it goes ({@code --score}). Readings and labels must then equal those of one
 * uninterrupted run; predictions, registry and alerts must keep their invariants.
 * Run alone with {@code mvn -Pheavy test -Dtest=CrashSafetyTest} (its tag is heavy, which the default build excludes).
 */
@Tag("heavy") // minutes long: the heavy profile (mvn -Pheavy test), which .ci/run also runs
class CrashSafetyTest {

    private static final int KILLS = 20;
    /** Kills stop after this long even if fewer than KILLS happened (the assertion then fails). */
    private static final long KILL_PHASE_MILLIS = 75_000;
    /** Two simulated days per wall second: each life gets through part of the window before it dies. */
    private static final String SPEED = "172800";
    private static final String UNTIL = "2019-07-16";

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheSimulationEndsWithEveryRowOnce() throws Exception {
        Path db = dir.resolve("crash.duckdb");
        Random random = new Random(20261124L);
        List<String> lives = new ArrayList<>();
        int kills = 0;
        long start = System.nanoTime();
        while (kills < KILLS && (System.nanoTime() - start) / 1_000_000 < KILL_PHASE_MILLIS) {
            Process p = startSimulate(db);
            boolean opened = waitForLine(p, "Simulating", 30_000);
            long delay = random.nextInt(900);
            if (opened && !p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                kills++;
                lives.add("killed after " + delay + " ms");
            } else {
                // Finished before the kill (or failed): that life ran to its end.
                lives.add("ended by itself with exit " + p.waitFor());
                assertThat(p.exitValue()).as("simulate exit code; lives: %s", lives).isZero();
                break;
            }
        }
        assertThat(kills).as("kills within %d ms; lives: %s", KILL_PHASE_MILLIS, lives).isGreaterThanOrEqualTo(KILLS);

        Process last = startSimulate(db);
        String lastOutput = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("final run finishes").isTrue();
        assertThat(last.exitValue()).as("final run after %d kills: %s%nlog: %s", kills, lastOutput, logTail()).isZero();

        // The reference: the same command, uninterrupted, in this JVM.
        Path reference = dir.resolve("reference.duckdb");
        List<String> refArgs = new ArrayList<>(simulateArgs(reference));
        CliTest.Result ref = CliTest.run(refArgs.toArray(String[]::new));
        assertThat(ref.exit()).as(ref.toString()).isZero();
        try (KilnStore store = KilnStore.open(db)) {
            assertThat(SimTestSupport.count(store, "SELECT count(*) - count(DISTINCT pid) FROM sensor_reading")).isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) - count(DISTINCT pid) FROM product_quality")).isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM sensor_reading")).isGreaterThan(2000);
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM predicted_quality")).as("predictions").isPositive();
            // The scenario promotes on 2019-07-11 00:00; a kill must not move that (nor leave readings after it unscored).
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM sensor_reading r LEFT JOIN predicted_quality p USING (pid) "
                    + "WHERE p.pid IS NULL AND r.process_time >= TIMESTAMP '2019-07-11 00:00:00'"))
                    .as("readings after the scheduled promotion without a prediction").isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM run WHERE status = 'running'"))
                    .as("runs left marked running after a kill").isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) - count(DISTINCT pid) FROM predicted_quality")).isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM predicted_quality p LEFT JOIN sensor_reading r USING (pid) "
                    + "WHERE r.pid IS NULL")).as("predictions without a reading").isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM sensor_reading r LEFT JOIN predicted_quality p USING (pid) "
                    + "WHERE p.pid IS NULL AND r.process_time >= (SELECT min(process_time) FROM predicted_quality)"))
                    .as("readings without a production prediction once scoring began").isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM (SELECT model_name FROM model_version WHERE alias = 'production' "
                    + "GROUP BY model_name HAVING count(*) <> 1)")).as("models without exactly one production version").isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM model_version v LEFT JOIN run r USING (run_id) "
                    + "WHERE r.run_id IS NULL OR r.status <> 'finished'")).as("versions whose run is missing or unfinished").isZero();
            assertThat(SimTestSupport.count(store, "SELECT count(*) FROM (SELECT 1 FROM alert GROUP BY model_name, rule, feature, "
                    + "window_start, window_end HAVING count(*) > 1)")).as("alerts raised twice for one window").isZero();
        }
        // Wall-clock columns are left out. Registry, predictions and alerts are checked for
        // their invariants above rather than against the reference: a sweep a kill interrupted is trained
        // again on resume, so run ids and the runs table differ from an uninterrupted run.
        for (String columns : List.of("pid, sensor_id, process_time, temp, pressure, duration FROM sensor_reading",
                "pid, qualitycheck_time, quality FROM product_quality",
                "model_name, dataset, gate_metric, gate_margin FROM registered_model")) {
            assertThat(differing(db, reference, columns)).as("rows differing from an uninterrupted run: SELECT %s%nkilled: %s%nreference: %s",
                    columns, breakdown(db), breakdown(reference)).isZero();
        }
    }

    /** Versions, runs and predictions per version of a closed file: what a failure message needs to say where runs parted. */
    private static String breakdown(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("ATTACH '" + file + "' AS f (READ_ONLY)");
            StringBuilder sb = new StringBuilder();
            for (String q : List.of(
                    "SELECT 'version ' || version || ' run ' || run_id || ' ' || coalesce(alias, '-') FROM f.model_version ORDER BY version",
                    "SELECT 'runs ' || count(*) FROM f.run",
                    "SELECT 'predictions v' || model_version || ': ' || count(*) || ' pids ' || min(pid) || '..' || max(pid) "
                            + "FROM f.predicted_quality GROUP BY model_version ORDER BY model_version")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append("; ");
                    }
                }
            }
            return sb.toString();
        }
    }

    /** Rows of {@code SELECT columns} in one file but not the other (both closed). */
    private static long differing(Path a, Path b, String columnsFromTable) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("ATTACH '" + a + "' AS a (READ_ONLY)");
            st.execute("ATTACH '" + b + "' AS b (READ_ONLY)");
            String x = "SELECT " + columnsFromTable.replace(" FROM ", " FROM a.main.");
            String y = "SELECT " + columnsFromTable.replace(" FROM ", " FROM b.main.");
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM (" + x + " EXCEPT ALL " + y + ")) + (SELECT count(*) FROM ("
                    + y + " EXCEPT ALL " + x + "))")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String logTail() throws IOException {
        Path log = dir.resolve("logs").resolve("kiln.log");
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private Process startSimulate(Path db) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dkiln.log.dir=" + dir.resolve("logs"), Main.class.getName()));
        cmd.addAll(simulateArgs(db));
        cmd.addAll(List.of("--speed", SPEED));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static List<String> simulateArgs(Path db) {
        return List.of("simulate", "--db", db.toString(), "--scenario", "glassware", "--until", UNTIL, "--score");
    }

    /** Reads the process output on a daemon thread; true when a line starting with {@code prefix} came. */
    private static boolean waitForLine(Process p, String prefix, long timeoutMillis) throws InterruptedException {
        CountDownLatch seen = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(prefix)) {
                        seen.countDown();
                    }
                }
            } catch (IOException e) {
                // the process was killed: its output ends here
            }
        }, "simulate-output");
        reader.setDaemon(true);
        reader.start();
        return seen.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
