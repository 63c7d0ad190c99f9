package kiln.domain;

/** How KPI windows are cut: per hour, per day (the seed's default), or per N predictions. */
public enum KpiGranularity {
    HOUR("hour"), DAY("day"), EVERY_500("every 500 predictions");

    private final String label;

    KpiGranularity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
