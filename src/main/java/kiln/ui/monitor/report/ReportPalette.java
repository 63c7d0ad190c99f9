package kiln.ui.monitor.report;

/**
 * The report's colours: the light theme's tokens (styles/tokens.css), written into the pictures as
 * presentation attributes because the file is read in browsers and on paper, away from the app's
 * style sheets. Shapes differ as well as colours (dashes, markers), so a grey print still reads.
 */
final class ReportPalette {

    static final String TEXT = "#1d2330";
    static final String MUTED = "#5d6677";
    static final String GRID = "#e5e7eb";
    static final String AXIS = "#9ca3af";
    static final String REALISED = "#2563eb";
    /** The realised accuracy's interval as a solid light blue (the line's colour at about a fifth over white). */
    static final String INTERVAL = "#d3e0fb";
    static final String ESTIMATE = "#c2410c";
    static final String COUNTERFACTUAL = "#5b21b6";
    /** The band as a solid light green (the token's 16 % green over white): opaque, so every renderer and printer shows it alike. */
    static final String BAND = "#dcf1e2";
    static final String PROMOTION = "#2563eb";
    static final String ALERT = "#dc2626";
    static final String CHANGE = "#4b5563";
    static final String OK = "#15803d";
    static final String WARN = "#ca8a04";
    static final String REFERENCE = "#9ca3af";
    static final String CURRENT = "#2563eb";

    private ReportPalette() {}
}
