package kiln.store.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kiln.domain.DatasetSpec;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.store.catalog.Catalog;

/**
 * Maps a file's columns onto a data set. Into a data set the catalogue has, columns are matched by the
 * catalogue's names (or the names the user gave) and typed as the stored tables are; for a new data set
 * they come from the options and the file, and every value is typed by what most of it parses as.
 */
final class ImportPlanner {

    /** Column names taken for id and time in a new data set when the user names none. */
    private static final List<String> ID_NAMES = List.of("id");
    private static final List<String> TIME_NAMES = List.of("time", "timestamp", "datetime", "date");

    /** A value going somewhere: the file column (null: derived), the table column, its SQL type, required or not. */
    record Target(String source, String column, String type, boolean required) {
    }

    /**
     * The resolved mapping of one import: {@code table} receives {@code columns} (id first); labels in the
     * file go to {@code labelTable} as (id, label time, label) under {@code labelColumns}.
     */
    record Plan(String dataset, String table, String idColumn, List<Target> columns, boolean newDataset, String labelTable,
            Target label, Target labelTime, List<String> labelColumns, String timeColumn, String groupColumn,
            List<Target> features, boolean labelsOnly) {

        Target id() {
            return columns.get(0);
        }

        /** Every target whose values are checked: the stored columns plus the label and its time. */
        List<Target> checked() {
            List<Target> all = new ArrayList<>(columns);
            if (!labelsOnly && label != null) {
                all.add(label);
                if (labelTime != null && labelTime.source() != null && !labelTime.source().equals(timeSource())) {
                    all.add(labelTime);
                }
            }
            return all;
        }

        private String timeSource() {
            return columns.stream().filter(t -> t.column().equals(timeColumn)).map(Target::source).findFirst().orElse(null);
        }
    }

    private final Connection conn;
    private final ImportRequest req;
    private final List<String> columns;
    private final String shown;

    ImportPlanner(Connection conn, ImportRequest req, List<String> columns, String shown) {
        this.conn = conn;
        this.req = req;
        this.columns = columns;
        this.shown = shown;
    }

    Plan plan(String dataset) throws SQLException {
        Optional<DatasetSpec> existing = Catalog.find(conn, dataset);
        if (req.labelsOnly() || existing.filter(this::looksLikeLabels).isPresent()) {
            return labelsPlan(existing.orElseThrow(() -> new UserFacingException("Data set '" + dataset + "' is not in this database; "
                    + "import its readings before a labels file")));
        }
        return existing.isPresent() ? existingPlan(existing.get()) : newPlan(dataset);
    }

    /** A file with the data set's label column but neither its time column nor any feature is a labels file. */
    private boolean looksLikeLabels(DatasetSpec spec) {
        String label = req.labelColumn() != null ? req.labelColumn() : spec.labelColumn();
        return columns.contains(label) && !columns.contains(spec.timeColumn()) && req.timeColumn() == null
                && spec.features().stream().noneMatch(f -> columns.contains(f.name()));
    }

    /** A labels file: id, label and (optionally) the time each label became known. */
    private Plan labelsPlan(DatasetSpec spec) throws SQLException {
        Map<String, String> types = columnTypes(spec.labelTable());
        String id = pick(req.idColumn(), "--id", spec.idColumn());
        String label = pick(req.labelColumn(), "--label", spec.labelColumn());
        if (id == null || label == null) {
            throw new UserFacingException(shown + ":1: a labels file for '" + spec.name() + "' needs its id and label columns ("
                    + (id == null ? "--id; " : "") + (label == null ? "--label; " : "") + "columns: " + String.join(", ", columns) + ")");
        }
        String time = pick(req.labelTimeColumn(), "--label-time", spec.labelTimeColumn());
        List<String> labelColumns = labelColumns(spec);
        List<Target> targets = List.of(new Target(id, labelColumns.get(0), types.get(labelColumns.get(0)), true),
                new Target(time, labelColumns.get(1), "TIMESTAMP", time != null),
                new Target(label, labelColumns.get(2), types.get(labelColumns.get(2)), true));
        return new Plan(spec.name(), spec.labelTable(), labelColumns.get(0), targets, false, null, targets.get(2), targets.get(1),
                labelColumns, labelColumns.get(1), null, List.of(), true);
    }

    /** Readings (and, when the file has them, labels) for a data set the catalogue has. */
    private Plan existingPlan(DatasetSpec spec) throws SQLException {
        Map<String, String> types = columnTypes(spec.readingTable());
        List<String> needed = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        String id = pick(req.idColumn(), "--id", spec.idColumn());
        boolean lineIds = id == null && "row_id".equals(spec.idColumn());
        if (id == null && !lineIds) {
            needed.add(spec.idColumn());
        }
        targets.add(new Target(id, spec.idColumn(), types.get(spec.idColumn()), !lineIds));
        boolean importTime = "imported_at".equals(spec.timeColumn());
        String time = importTime ? null : pick(req.timeColumn(), "--time", spec.timeColumn());
        if (time == null && !importTime) {
            needed.add(spec.timeColumn());
        }
        targets.add(new Target(time, spec.timeColumn(), "TIMESTAMP", !importTime));
        if (spec.groupColumn() != null) {
            String group = pick(req.groupColumn(), "--group", spec.groupColumn());
            targets.add(new Target(group, spec.groupColumn(), types.get(spec.groupColumn()), false));
        }
        List<Target> features = new ArrayList<>();
        for (DatasetSpec.FeatureSpec f : spec.features()) {
            if (!columns.contains(f.name())) {
                needed.add(f.name());
                continue;
            }
            Target t = new Target(f.name(), f.name(), types.getOrDefault(f.name(), f.numeric() ? "DOUBLE" : "VARCHAR"), false);
            features.add(t);
            targets.add(t);
        }
        if (!needed.isEmpty()) {
            List<String> all = new ArrayList<>();
            targets.stream().map(Target::column).forEach(all::add);
            needed.stream().filter(n -> !all.contains(n)).forEach(all::add);
            throw new UserFacingException(shown + ":1: column '" + needed.get(0) + "' is missing; readings of data set '" + spec.name()
                    + "' need " + String.join(", ", all) + (req.labelColumn() == null && columns.contains(spec.labelColumn())
                            ? "" : " (for a labels file, import it with --labels)"));
        }
        String label = pick(req.labelColumn(), "--label", spec.labelColumn());
        Target labelTarget = null;
        Target labelTime = null;
        List<String> labelColumns = labelColumns(spec);
        if (label != null) {
            Map<String, String> labelTypes = columnTypes(spec.labelTable());
            labelTarget = new Target(label, labelColumns.get(2), labelTypes.get(labelColumns.get(2)), false);
            String lt = req.labelTimeColumn() != null ? pick(req.labelTimeColumn(), "--label-time") : null;
            labelTime = new Target(lt != null ? lt : time, labelColumns.get(1), "TIMESTAMP", false);
        }
        return new Plan(spec.name(), spec.readingTable(), spec.idColumn(), targets, false, label == null ? null : spec.labelTable(),
                labelTarget, labelTime, labelColumns, spec.timeColumn(), spec.groupColumn(), features, false);
    }

    private Plan newPlan(String dataset) throws SQLException {
        String idCol = pick(req.idColumn(), "--id", ID_NAMES.toArray(String[]::new));
        String timeCol = pick(req.timeColumn(), "--time", TIME_NAMES.toArray(String[]::new));
        String groupCol = req.groupColumn() == null ? null : pick(req.groupColumn(), "--group");
        String labelCol = req.labelColumn() == null ? null : pick(req.labelColumn(), "--label");
        String labelTimeCol = req.labelTimeColumn() == null ? null : pick(req.labelTimeColumn(), "--label-time");
        List<String> featureCols = new ArrayList<>();
        if (req.features() != null && !req.features().isEmpty()) {
            for (String f : req.features()) {
                featureCols.add(pick(f, "--features"));
            }
        } else {
            for (String c : columns) {
                if (!c.equals(idCol) && !c.equals(timeCol) && !c.equals(groupCol) && !c.equals(labelCol) && !c.equals(labelTimeCol)) {
                    featureCols.add(c);
                }
            }
        }
        String base = DatasetTables.tableStem(dataset);
        String idType = idCol == null ? "BIGINT" : ImportSql.mostlyCastable(conn, idCol, "BIGINT") ? "BIGINT" : "VARCHAR";
        if ("VARCHAR".equals(idType) && req.stageTable() != null) {
            // A replay moves, scores and codes its rows by id ranges: text ids would fail half way through it.
            throw new UserFacingException(shown + ": " + (req.idColumn() != null ? "--id names" : "the id column is") + " '" + idCol
                    + "', which holds text (e.g. '" + ImportSql.firstNotCastable(conn, idCol, "BIGINT") + "'); a replay keys its readings "
                    + "by whole-number ids. " + (req.idColumn() != null ? "Leave out --id" : "Rename that column, or name another with --id")
                    + ": without one, each row's position in time order becomes its id.");
        }
        List<Target> targets = new ArrayList<>();
        String idTarget = idCol == null ? "row_id" : idCol;
        targets.add(new Target(idCol, idTarget, idType, true));
        String timeTarget = timeCol == null ? "imported_at" : timeCol;
        targets.add(new Target(timeCol, timeTarget, "TIMESTAMP", timeCol != null));
        if (groupCol != null) {
            targets.add(new Target(groupCol, groupCol, "VARCHAR", false));
        }
        List<Target> features = new ArrayList<>();
        for (String f : featureCols) {
            boolean numeric = ImportSql.mostlyCastable(conn, f, "DOUBLE");
            Target t = new Target(f, f, numeric ? "DOUBLE" : "VARCHAR", false);
            features.add(t);
            targets.add(t);
        }
        if (features.isEmpty()) {
            throw new UserFacingException(shown + ":1: no feature columns are left once id, time, group and label are taken "
                    + "(columns: " + String.join(", ", columns) + ")");
        }
        List<String> labelColumns = List.of(idTarget, "label_time", labelCol == null ? "label" : labelCol);
        Target label = labelCol == null ? null : new Target(labelCol, labelColumns.get(2), "VARCHAR", false);
        Target labelTime = labelCol == null ? null : new Target(labelTimeCol != null ? labelTimeCol : timeCol, "label_time", "TIMESTAMP", false);
        return new Plan(dataset, base + "_reading", idTarget, targets, true, labelCol == null ? null : base + "_label", label, labelTime,
                labelColumns, timeTarget, groupCol, features, false);
    }

    /** The label table's (id, time, label) column names, in that order. */
    private List<String> labelColumns(DatasetSpec spec) {
        return List.of(spec.idColumn(), spec.labelTimeColumn(), spec.labelColumn());
    }

    private Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    /** The requested column (which must exist), else the first default the file has, else null. */
    private String pick(String requested, String option, String... defaults) {
        if (requested != null) {
            if (!columns.contains(requested)) {
                throw new UserFacingException(shown + ":1: " + option + " names column '" + requested + "', which the file does not have "
                        + "(columns: " + String.join(", ", columns) + ")");
            }
            return requested;
        }
        for (String d : defaults) {
            if (d != null && columns.contains(d)) {
                return d;
            }
        }
        return null;
    }
}
