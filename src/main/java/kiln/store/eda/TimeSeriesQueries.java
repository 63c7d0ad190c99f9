package kiln.store.eda;

import static kiln.store.eda.ResultColumns.nanIfNull;
import static kiln.store.eda.ResultColumns.time;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.DayCount;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;

/** The readings over time: the window's bounds, readings per day and one feature's envelope per time bucket. */
final class TimeSeriesQueries {

    private final KilnStore store;

    TimeSeriesQueries(KilnStore store) {
        this.store = store;
    }

    /** First and last reading time and the row count inside the window. */
    TimeBounds timeBounds(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String sql = "SELECT min(r." + s.time + "), max(r." + s.time + "), count(*) FROM " + s.readings + " r WHERE " + s.window(window, "r");
        return CancellableQuery.run(store, sink, "time bounds", sql, rs -> {
            rs.next();
            return new TimeBounds(time(rs, 1), time(rs, 2), rs.getLong(3));
        });
    }

    /** Readings per calendar day (UTC) in the window. */
    List<DayCount> readingsPerDay(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String sql = "SELECT CAST(r." + s.time + " AS DATE) AS d, count(*) FROM " + s.readings + " r WHERE " + s.window(window, "r")
                + " GROUP BY d ORDER BY d";
        return CancellableQuery.run(store, sink, "readings per day", sql, rs -> {
            List<DayCount> days = new ArrayList<>();
            while (rs.next()) {
                days.add(new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
            }
            return days;
        });
    }

    /**
     * Min, max and mean of one feature per time bucket ({@code buckets} equal spans over the window's
     * readings), so a chart of any number of rows draws the same envelope as the raw data. With
     * {@code shareCode} (null for none) also the share of that label code among the labelled readings per
     * bucket (needs the label join, so it costs more).
     * {@code datasetBounds}, the data set's first and last reading time when a screen keeps them (else
     * null), saves a scan: the buckets span their overlap with the window.
     */
    Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, Integer shareCode,
            ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        TimeBounds tb = datasetBounds == null ? timeBounds(ds, window, sink) : clip(datasetBounds, window);
        if (tb.first() == null) {
            return new Envelope(feature, 1, new long[0], new double[0], new double[0], new double[0], new long[0], new double[0], 0);
        }
        long lo = millis(tb.first());
        long span = millis(tb.last()) - lo + 1;
        long width = Math.max(1, (span + buckets - 1) / buckets);
        String x = s.feature(ds.feature(feature).name());
        boolean withLabels = shareCode != null;
        String badShare = withLabels ? "avg(CASE WHEN (" + s.labelCode() + ") = " + shareCode.intValue() + " THEN 1.0 ELSE 0.0 END) FILTER (WHERE "
                + s.labelled() + ")" : "NULL";
        String source = withLabels ? s.joined() : s.readings + " r";
        // An INTEGER bucket number from the raw microseconds groups ~2x faster than a BIGINT from epoch_ms.
        String sql = "SELECT CAST((epoch_us(r." + s.time + ") - " + lo * 1000 + ") // " + width * 1000 + " AS INTEGER) AS b, min(" + x
                + "), max(" + x + "), avg(" + x
                + "), count(" + x + "), " + badShare + " FROM " + source + " WHERE " + s.window(window, "r") + " GROUP BY b ORDER BY b";
        return CancellableQuery.run(store, sink, "time series of " + feature, sql, rs -> {
            List<double[]> rows = new ArrayList<>();
            long total = 0;
            while (rs.next()) {
                double share = rs.getDouble(6);
                share = rs.wasNull() ? Double.NaN : share;
                long count = rs.getLong(5);
                total += count;
                rows.add(new double[] {rs.getLong(1), nanIfNull(rs, 2), nanIfNull(rs, 3), nanIfNull(rs, 4), count, share});
            }
            int m = rows.size();
            long[] start = new long[m];
            double[] min = new double[m];
            double[] max = new double[m];
            double[] mean = new double[m];
            long[] cnt = new long[m];
            double[] bad = new double[m];
            for (int i = 0; i < m; i++) {
                double[] r = rows.get(i);
                start[i] = lo + (long) r[0] * width;
                min[i] = r[1];
                max[i] = r[2];
                mean[i] = r[3];
                cnt[i] = (long) r[4];
                bad[i] = r[5];
            }
            return new Envelope(feature, width, start, min, max, mean, cnt, bad, total);
        });
    }

    private static TimeBounds clip(TimeBounds b, TimeWindow w) {
        if (b.first() == null) {
            return b;
        }
        LocalDateTime first = w.from() != null && w.from().isAfter(b.first()) ? w.from() : b.first();
        LocalDateTime last = w.to() != null && w.to().isBefore(b.last()) ? w.to() : b.last();
        return last.isBefore(first) ? new TimeBounds(null, null, 0) : new TimeBounds(first, last, -1);
    }

    private static long millis(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
