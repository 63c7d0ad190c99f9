package kiln.domain;

/** The acceptable range of a KPI for a model (default accuracy 80–100 %, the seed's); warn is a margin inside it. */
public record KpiBand(String modelName, String kpi, double lower, double upper, double warnMargin) {

    public static KpiBand defaultAccuracy(String modelName) {
        return new KpiBand(modelName, "accuracy", 0.80, 1.00, 0.03);
    }

    public boolean inside(double value) {
        return value >= lower && value <= upper;
    }
}
