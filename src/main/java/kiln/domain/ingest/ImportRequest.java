package kiln.domain.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to import and how its columns map to a data set. Null fields mean "work it out": into a data
 * set the catalogue already has, columns are matched by the catalogue's names; for a new data set the
 * id defaults to a column named id (else the line number), time to one named time/timestamp (else the
 * import time), and features to every remaining column.
 *
 * @param positiveLabel   for a binary label, which value is the positive class (else inferred from
 *                        1/true/yes/good/up/pass/ok; an import that cannot tell asks for it)
 * @param labelsOnly      the file holds labels only (id, label, optionally the label's time) for readings
 *                        imported earlier: the plant's inspection results arriving later
 * @param labelTimeColumn the column with the time each label became known (labels files)
 * @param timeTolerance   how far a timestamp may go back before the row counts as out of order
 * @param labelDelay      when no label-time column is named: each label becomes known this long after its reading
 * @param stageTable      for a replay: create the (new) data set empty and keep the file's good rows, in time order,
 *                        in this table instead (readings with their label and label time), to be played in later
 */
public record ImportRequest(Path file, String dataset, String idColumn, String timeColumn, String groupColumn,
        String labelColumn, List<String> features, Duration timeTolerance, String positiveLabel,
        boolean labelsOnly, String labelTimeColumn, Duration labelDelay, String stageTable) {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofHours(1);

    public ImportRequest(Path file, String dataset, String idColumn, String timeColumn, String groupColumn, String labelColumn,
            List<String> features, Duration timeTolerance) {
        this(file, dataset, idColumn, timeColumn, groupColumn, labelColumn, features, timeTolerance, null, false, null, null, null);
    }

    public ImportRequest(Path file, String dataset, String idColumn, String timeColumn, String groupColumn, String labelColumn,
            List<String> features, Duration timeTolerance, String positiveLabel, boolean labelsOnly, String labelTimeColumn) {
        this(file, dataset, idColumn, timeColumn, groupColumn, labelColumn, features, timeTolerance, positiveLabel, labelsOnly,
                labelTimeColumn, null, null);
    }

    /** This request, staging the rows for a replay instead of storing them. */
    public ImportRequest staged(String table, Duration delay) {
        return new ImportRequest(file, dataset, idColumn, timeColumn, groupColumn, labelColumn, features, timeTolerance, positiveLabel,
                labelsOnly, labelTimeColumn, delay, table);
    }

    public static ImportRequest of(Path file, String dataset) {
        return new ImportRequest(file, dataset, null, null, null, null, null, DEFAULT_TOLERANCE);
    }
}
