package kiln.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once a family scores, each window records the member that made most of its predictions, and groups show their production member. */
class FleetScopeTest {
    @TempDir
    Path dir;

    @Test
    void windowsRecordTheirMainScopeAndGroupsTheirProductionMember() throws Exception {
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        SyntheticFleet fleet = new SyntheticFleet("cells", start, 3, 6, 0.9, Duration.ofMinutes(10), 11);
        try (KilnStore store = KilnStore.open(dir.resolve("scope.duckdb"))) {
            List<String> rows = store.writeTransaction(conn -> {
                fleet.create(conn);
                fleet.registerPooledFamily(conn, "cells-model", start, start);
                fleet.insertHours(conn, 0, 48, 1);
                try (Statement st = conn.createStatement()) {
                    // As the scorer does when a family first scores: group 0 by its own member (v2) from hour 30, the rest pooled (v3).
                    st.execute("ALTER TABLE cells_prediction ADD COLUMN IF NOT EXISTS model_scope VARCHAR");
                    st.execute("UPDATE cells_prediction p SET model_scope = CASE WHEN r.station = 0 AND p.ts >= TIMESTAMP '2024-05-02 06:00:00' "
                            + "THEN '0' ELSE 'pooled' END, model_version = CASE WHEN r.station = 0 AND p.ts >= TIMESTAMP '2024-05-02 06:00:00' "
                            + "THEN 2 ELSE 3 END FROM cells_reading r WHERE r.rec = p.rec");
                    st.execute("UPDATE registered_model SET family = true WHERE model_name = 'cells-model'");
                    st.execute("UPDATE model_version SET alias = NULL WHERE model_name = 'cells-model'");
                    st.execute("INSERT INTO model_version (model_name, version, created_at, alias, source, scope) VALUES "
                            + "('cells-model', 2, TIMESTAMP '2024-05-01 00:00:00', 'production', 'run', '0'), "
                            + "('cells-model', 3, TIMESTAMP '2024-05-01 00:00:00', 'production', 'run', 'pooled')");
                }
                new FleetMonitor("cells-model").update(conn, Catalog.require(conn, "cells"), start.plus(Duration.ofDays(2)));
                List<String> out = new ArrayList<>();
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery("SELECT group_key, strftime(window_start, '%d %H'), "
                                + "model_scope, model_version FROM fleet_kpi WHERE (granularity = 'day' OR window_start = TIMESTAMP '2024-05-02 06:00:00') "
                                + "ORDER BY granularity, group_key, window_start")) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " v" + rs.getInt(4));
                    }
                }
                return out;
            });
            assertThat(rows).containsExactly(
                    "0 01 00 pooled v3", "0 02 00 0 v2", "1 01 00 pooled v3", "1 02 00 pooled v3", "2 01 00 pooled v3", "2 02 00 pooled v3",
                    "0 02 06 0 v2", "1 02 06 pooled v3", "2 02 06 pooled v3");
            List<FleetReads.GroupStatus> groups = store.read(conn -> FleetReads.groups(conn, Catalog.require(conn, "cells"), "cells-model"));
            assertThat(groups).extracting(g -> g.group() + " " + g.productionMember())
                    .containsExactlyInAnyOrder("0 v2 (0)", "1 v3 (pooled)", "2 v3 (pooled)");
        }
    }
}
