package kiln.store.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to import and how its columns map to a data set. Null fields mean "work it out": for
 * {@code glassware} the sample-file columns are known; otherwise id defaults to a column named
 * pid or id (else the line number), time to one named process_time/time/timestamp (else the import
 * time), and features to every remaining column.
 *
 * @param timeTolerance how far a timestamp may go back before the row counts as out of order
 */
public record ImportRequest(Path file, String dataset, String idColumn, String timeColumn, String groupColumn,
                            String labelColumn, List<String> features, Duration timeTolerance) {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofHours(1);

    public static ImportRequest of(Path file, String dataset) {
        return new ImportRequest(file, dataset, null, null, null, null, null, DEFAULT_TOLERANCE);
    }
}
