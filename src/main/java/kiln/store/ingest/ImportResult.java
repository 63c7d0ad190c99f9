package kiln.store.ingest;

import java.util.List;

/** What an import did; {@code firstBadRows} holds at most the first few quarantined rows. */
public record ImportResult(long importId, String dataset, String targetTable, long rowsRead, long rowsImported,
                           long rowsAlreadyStored, long rowsQuarantined, List<BadRow> firstBadRows) {

    /** One refused row: where it is and why. */
    public record BadRow(String file, long line, String column, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + (column == null ? "" : ": column '" + column + "'") + ": " + reason;
        }
    }
}
