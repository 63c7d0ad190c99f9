package kiln.domain.ingest;

import java.nio.file.Path;
import java.util.List;

/**
 * The first rows of a CSV or Parquet file and what its columns look like (read by the store's
 * {@code FilePreviewReader}, without touching the database): what an import wizard shows before
 * anything is stored, with a guess of the id, time and label columns and, per column, a few distinct values.
 *
 * @param columns   the file's columns in order
 * @param rows      the first rows as text (null for an empty cell)
 * @param kinds     per column: "number", "time", "whole number" or "text" (what most values parse as)
 * @param distinct  per column: up to {@link #DISTINCT_SHOWN} distinct values, commonest first
 * @param distinctCount per column: how many distinct values the file holds
 */
public record FilePreview(Path file, List<String> columns, List<List<String>> rows, List<String> kinds, List<List<String>> distinct,
        List<Long> distinctCount, long rowCount) {

    public static final int DISTINCT_SHOWN = 60;

    /** The column most likely to be the rows' id: named id, whole numbers, all distinct; else null (the line number). */
    public String guessId() {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).equalsIgnoreCase("id") && distinctCount.get(c) == rowCount) {
                return columns.get(c);
            }
        }
        return null;
    }

    /** The first column whose values are times (or that is named time, timestamp or date), else null. */
    public String guessTime() {
        for (String preferred : List.of("time", "timestamp", "datetime", "date")) {
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).equalsIgnoreCase(preferred) && kinds.get(c).equals("time")) {
                    return columns.get(c);
                }
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (kinds.get(c).equals("time")) {
                return columns.get(c);
            }
        }
        return null;
    }

    /** The last column with few distinct values (2..50): files usually end with their label; else null. */
    public String guessLabel() {
        for (int c = columns.size() - 1; c >= 0; c--) {
            long n = distinctCount.get(c);
            if (n >= 2 && n <= 50 && !kinds.get(c).equals("time") && !kinds.get(c).equals("number") && !columns.get(c).equals(guessId())) {
                return columns.get(c);
            }
        }
        return null;
    }

    /**
     * When times repeat (several sensors or sites per instant), the text column with the fewest distinct
     * values (at least two) other than the label: what the rows are grouped by; else null.
     */
    public String guessGroup(String time, String label) {
        int t = columns.indexOf(time);
        if (t < 0 || distinctCount.get(t) >= rowCount) {
            return null;
        }
        String best = null;
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            long n = distinctCount.get(c);
            if (kinds.get(c).equals("text") && n >= 2 && !name.equals(label) && !name.equals(time)
                    && (best == null || n < distinctCount(best))) {
                best = name;
            }
        }
        return best;
    }

    /** Up to {@link #DISTINCT_SHOWN} values of a column, commonest first. */
    public List<String> values(String column) {
        int c = columns.indexOf(column);
        return c < 0 ? List.of() : distinct.get(c);
    }

    public long distinctCount(String column) {
        int c = columns.indexOf(column);
        return c < 0 ? 0 : distinctCount.get(c);
    }
}
