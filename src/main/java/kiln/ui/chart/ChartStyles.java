package kiln.ui.chart;

/** Style classes charts.css knows; data sets and indicators carry these instead of colours. */
public final class ChartStyles {
    public static final String KILN_CHART = "kiln-chart";
    public static final String GOOD = "kiln-good";
    public static final String BAD = "kiln-bad";
    public static final String UNLABELLED = "kiln-unlabelled";
    public static final String BAND_OK = "kiln-band-ok";
    public static final String BAND_WARN = "kiln-band-warn";
    public static final String BAND_BAD = "kiln-band-bad";
    public static final String MARKER_PROMOTION = "kiln-marker-promotion";
    public static final String MARKER_ALERT = "kiln-marker-alert";
    public static final String EXPECTED_RANGE = "kiln-expected-range";

    private ChartStyles() {}
}
