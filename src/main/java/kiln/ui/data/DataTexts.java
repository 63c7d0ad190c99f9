package kiln.ui.data;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import kiln.domain.eda.EdaResults.LabelBalance;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;

/** The Data workspace's sentences about windows, label balance and drill-downs, with times as dates. */
final class DataTexts {

    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private DataTexts() {}

    /**
     * "Window: 2019-08-10 23:54 to 2019-08-11 23:54". A window of whole days reads as its first and
     * last day; the exclusive end of a "last day" window (a microsecond after the newest reading) reads
     * as that reading's minute.
     */
    static String window(TimeWindow w) {
        if (w == null || w.isAll()) {
            return "Window: all readings";
        }
        boolean wholeDays = (w.from() == null || isMidnight(w.from())) && (w.to() == null || isMidnight(w.to()));
        if (wholeDays) {
            return "Window: " + (w.from() == null ? "…" : DAY.format(w.from())) + " to "
                    + (w.to() == null ? "…" : DAY.format(w.to().minusDays(1))) + " (whole days)";
        }
        return "Window: " + (w.from() == null ? "…" : MINUTE.format(w.from())) + " to " + (w.to() == null ? "…" : MINUTE.format(w.to()));
    }

    private static boolean isMidnight(LocalDateTime t) {
        return t.toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    /** "7,999 readings: 3,709 quality = 1, 4,290 quality ≠ 1 (53.6 % of labelled), 0 not labelled yet". */
    static String balance(LabelBalance b, ClassNames classes) {
        if (b == null) {
            return "";
        }
        if (classes.multiClass() || b.byCode().length > 2) {
            return multiClassBalance(b, classes);
        }
        long labelled = b.good() + b.bad();
        return String.format(Locale.ROOT, "%,d readings: %,d %s, %,d %s (%.1f %% of labelled), %,d not labelled yet", b.total(), b.good(),
                classes.positive(), b.bad(), classes.other(), labelled == 0 ? 0.0 : 100.0 * b.bad() / labelled, b.unlabelled());
    }

    /** "2,922 readings: rain 1,280 · sun 1,120 · fog 210 (all labelled)": every class by its own name, largest first. */
    private static String multiClassBalance(LabelBalance b, ClassNames classes) {
        List<Integer> codes = new ArrayList<>();
        for (int c = 0; c < Math.max(classes.count(), b.byCode().length); c++) {
            codes.add(c);
        }
        codes.sort(Comparator.comparingLong((Integer c) -> -b.count(c)).thenComparing(c -> c));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d readings: ", b.total()));
        for (int i = 0; i < codes.size(); i++) {
            sb.append(i == 0 ? "" : " · ").append(classes.name(codes.get(i))).append(String.format(Locale.ROOT, " %,d", b.count(codes.get(i))));
        }
        return sb.append(b.unlabelled() == 0 ? " (all labelled)" : String.format(Locale.ROOT, ", %,d not labelled yet", b.unlabelled()))
                .toString();
    }

    /** The drill-down's heading: the feature range, the time range (to the minute) and the class chosen. */
    static String drill(RowFilter f, ClassNames classes) {
        StringBuilder sb = new StringBuilder();
        if (f.feature() != null) {
            sb.append(String.format(Locale.ROOT, "%s in [%.5g, %.5g)", f.feature(), f.low(), f.high()));
        }
        if (f.from() != null || f.to() != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("time from ").append(f.from() == null ? "…" : MINUTE.format(f.from()))
                    .append(" to ").append(f.to() == null ? "…" : MINUTE.format(f.to()));
        }
        if (f.label() != null) {
            sb.append(sb.length() > 0 ? ", " : "").append(classes.of(f.label(), ""));
        }
        return sb.length() == 0 ? "all rows" : sb.toString();
    }
}
