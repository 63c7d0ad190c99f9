package kiln.monitor;

import kiln.domain.KpiPoint;

/** Series names: "production" and "counterfactual:vN". */
final class KpiSeries {
    static final String PRODUCTION = KpiPoint.PRODUCTION;
    private static final String PREFIX = "counterfactual:v";

    private KpiSeries() {}

    static int version(String series) {
        if (!series.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a counterfactual series: " + series);
        }
        return Integer.parseInt(series.substring(PREFIX.length()));
    }
}
