package kiln.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.DatasetSpec;
import kiln.domain.UserFacingException;
import kiln.monitor.fleet.FleetReads;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln fleet --dataset D [--model M] [--worst N] [--json]}: per group of a data set with a group
 * column, its rows, labelled predictions, newest day's accuracy, its rolling baseline, the production
 * member serving it and its open alerts, worst first (as the fleet monitor last materialised them).
 */
@Command(name = "fleet", description = "Per group of a grouped data set: rows, labelled, latest accuracy, rolling baseline, "
        + "production member and open alerts, worst first.")
public final class FleetCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;
    @Spec
    CommandSpec spec;
    @Option(names = "--dataset", required = true, paramLabel = "D", description = "A data set with a group column.")
    String dataset;
    @Option(names = "--model", paramLabel = "M", description = "The model watched (default: the data set's first registered model).")
    String model;
    @Option(names = "--worst", paramLabel = "N", description = "Only the N worst groups.")
    Integer worst;
    @Option(names = "--json", description = "Print {\"groups\": [...]} instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (worst != null && worst < 1) {
            throw new UserFacingException("--worst needs a positive number of groups, got " + worst);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            List<FleetReads.GroupStatus> groups = db.read(conn -> {
                DatasetSpec ds = Catalog.require(conn, dataset);
                if (!ds.hasGroups()) {
                    throw new UserFacingException("Data set '" + dataset
                            + "' has no group column; import it with --group COLUMN to watch it per group");
                }
                return FleetReads.groups(conn, ds, model != null ? model : modelOf(conn, dataset));
            });
            if (worst != null && groups.size() > worst) {
                groups = groups.subList(0, worst);
            }
            if (json) {
                out.println(MonitorCommand.JSON.writeValueAsString(Map.of("groups", groups)));
            } else if (groups.isEmpty()) {
                out.println("No groups have readings yet.");
            } else {
                out.printf(Locale.ROOT, "%-16s %10s %10s %-10s %9s %9s %-16s %5s%n", "group", "rows", "labelled", "latest", "accuracy",
                        "baseline", "production", "open");
                for (FleetReads.GroupStatus g : groups) {
                    out.printf(Locale.ROOT, "%-16s %10d %10d %-10s %9s %9s %-16s %5d%n", g.group(), g.rows(), g.labelled(),
                            g.latestWindow() == null ? "-" : g.latestWindow().toString().substring(0, 10), fmt(g.latestAccuracy()),
                            fmt(g.baselineAccuracy()), g.productionMember() == null ? "-" : g.productionMember(), g.openAlerts());
                }
            }
            out.flush();
        }
        return 0;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The data set's first registered model, else the data set's own name (predictions monitored without one). */
    private static String modelOf(Connection conn, String dataset) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT model_name FROM registered_model WHERE dataset = ? ORDER BY created_at, model_name LIMIT 1")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : dataset;
            }
        }
    }
}
