package kiln.domain.ingest;

import java.util.List;

/**
 * What an import did; {@code firstBadRows} holds at most the first few quarantined rows; {@code note}, when
 * set, is a sentence about the label classes (a new class, a label not yet binary).
 */
public record ImportResult(long importId, String dataset, String targetTable, long rowsRead, long rowsImported,
        long rowsAlreadyStored, long rowsQuarantined, List<BadRow> firstBadRows, String note) {

    /** A result without a note. */
    public ImportResult(long importId, String dataset, String targetTable, long rowsRead, long rowsImported, long rowsAlreadyStored,
            long rowsQuarantined, List<BadRow> firstBadRows) {
        this(importId, dataset, targetTable, rowsRead, rowsImported, rowsAlreadyStored, rowsQuarantined, firstBadRows, null);
    }

    /** One refused row: where it is and why. */
    public record BadRow(String file, long line, String column, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + (column == null ? "" : ": column '" + column + "'") + ": " + reason;
        }
    }
}
