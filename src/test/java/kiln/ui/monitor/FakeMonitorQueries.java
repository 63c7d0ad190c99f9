package kiln.ui.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.CategoryShares;
import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;

/**
 * An in-memory monitor over glassware-like days: model v1 is about 97 % accurate until a process
 * change on 2019-07-18, then about 60 %; v2 is promoted on 07-22 and a counterfactual series says
 * what v1 would have done. The last two days have predictions but no labels yet (estimates only).
 * Numbers come from a seeded random draw, so tests see the same data every run.
 */
final class FakeMonitorQueries implements MonitorQueries {

    static final String MODEL = "glass-quality";
    static final String OTHER_MODEL = "glass-quality-lite";
    static final Instant START = Instant.parse("2019-07-01T00:00:00Z");
    static final Instant CHANGE = Instant.parse("2019-07-18T00:00:00Z");
    static final Instant PROMOTION = Instant.parse("2019-07-22T00:00:00Z");
    static final int DAYS = 30;
    static final int PER_DAY = 190;
    static final List<String> FEATURES = List.of("temp", "pressure", "humidity");
    /** A categorical feature, listed only while {@link #withCategorical} is set. */
    static final String CATEGORICAL = "supplier";
    /** The categorical feature's bars: its reference categories, one grouping the rarer ones, one the reference never had. */
    static final List<CategoryShares.Bar> SUPPLIER_BARS = List.of(
            new CategoryShares.Bar("Acme", CategoryShares.Kind.CATEGORY, 1, 500, 30),
            new CategoryShares.Bar("Birchwood Glassworks Ltd", CategoryShares.Kind.CATEGORY, 1, 300, 30),
            new CategoryShares.Bar("Cobalt", CategoryShares.Kind.CATEGORY, 1, 150, 60),
            new CategoryShares.Bar("other (3 categories)", CategoryShares.Kind.OTHER, 3, 50, 20),
            new CategoryShares.Bar("new: Delta", CategoryShares.Kind.UNSEEN, 1, 0, 50));

    /** Lists {@link #CATEGORICAL} among the features (catalogue and drift). */
    volatile boolean withCategorical;
    /** The categorical feature's drift has no reference yet (its shares come without one). */
    volatile boolean noCategoryReference;
    final AtomicInteger categoryCalls = new AtomicInteger();
    /** The features whose histograms were asked for, in order. */
    final List<String> histogramFeatures = new CopyOnWriteArrayList<>();

    final AtomicLong version = new AtomicLong(1);
    final AtomicInteger kpiCalls = new AtomicInteger();
    final AtomicInteger versionCalls = new AtomicInteger();
    final Map<String, KpiBand> bands = new HashMap<>();
    final List<Alert> alerts = new ArrayList<>();
    int days = DAYS;
    /** The newest days have predictions but no labels yet. */
    volatile int unlabelledDays = 2;
    /** The label classes, negative first; tests set more for a multi-class matrix. */
    volatile List<String> classes = List.of("defective", "good");
    final AtomicInteger confusionCalls = new AtomicInteger();
    /** Set to make reading KPIs fail the way a broken read would (no message, like a NullPointerException). */
    volatile KpiGranularity failingGranularity;

    FakeMonitorQueries() {
        alerts.add(new Alert(1, MODEL, "accuracy below band for 2 windows", AlertKind.KPI, AlertSeverity.CRITICAL, AlertState.FIRING,
                day(18), day(20), "accuracy", 0.61, 0.80, day(20), null, null, null, null, 1, null, null));
        alerts.add(new Alert(2, MODEL, "PSI above 0.25", AlertKind.DRIFT, AlertSeverity.WARNING, AlertState.FIRING,
                day(17), day(18), "psi", 0.41, 0.25, day(18), null, null, null, null, 1, "temp", null));
        alerts.add(new Alert(3, MODEL, "missing rate above 5 %", AlertKind.QUALITY, AlertSeverity.WARNING, AlertState.RESOLVED,
                day(5), day(6), "missing_rate", 0.07, 0.05, day(6), null, null, day(7), null, 1, "humidity", null));
    }

    static Instant day(int d) {
        return START.plus(Duration.ofDays(d));
    }

    /** Simulates new data landing: one more day and a new version number. */
    void addDay() {
        days++;
        version.incrementAndGet();
    }

    /** False models an empty database that a simulation is about to fill. */
    volatile boolean hasModels = true;

    @Override
    public List<String> models() {
        return hasModels ? List.of(MODEL, OTHER_MODEL) : List.of();
    }

    @Override
    public List<KpiPoint> kpis(String modelName, KpiGranularity granularity, String series) {
        kpiCalls.incrementAndGet();
        if (granularity == failingGranularity) {
            throw new NullPointerException();
        }
        boolean counterfactual = !KpiPoint.PRODUCTION.equals(series);
        Random random = new Random(series.hashCode() * 31L + modelName.hashCode());
        int perWindow = granularity == KpiGranularity.HOUR ? PER_DAY / 24 : granularity == KpiGranularity.EVERY_500 ? 500 : PER_DAY;
        Duration width = granularity == KpiGranularity.HOUR ? Duration.ofHours(1)
                : granularity == KpiGranularity.EVERY_500 ? Duration.ofMinutes(24 * 60 * 500 / PER_DAY) : Duration.ofDays(1);
        List<KpiPoint> points = new ArrayList<>();
        Instant end = day(days);
        for (Instant at = START; at.isBefore(end); at = at.plus(width)) {
            double truth = trueAccuracy(at, counterfactual);
            boolean unlabelled = !at.isBefore(day(days - unlabelledDays));
            long labelled = unlabelled ? 0 : perWindow;
            long correct = Math.round(labelled * truth + random.nextGaussian() * Math.sqrt(perWindow * truth * (1 - truth)));
            correct = Math.max(0, Math.min(labelled, correct));
            Double accuracy = labelled == 0 ? null : (double) correct / labelled;
            double[] wilson = labelled == 0 ? null : wilson(correct, labelled);
            // the estimate follows confidence, which stays high after a concept change: it cannot see it
            double estimate = at.isBefore(CHANGE) || !counterfactual && !at.isBefore(PROMOTION) ? truth : 0.93;
            points.add(new KpiPoint(series, at, at.plus(width), perWindow, labelled, accuracy,
                    wilson == null ? null : wilson[0], wilson == null ? null : wilson[1], accuracy, accuracy, accuracy,
                    0.8, estimate, estimate - 0.03, Math.min(1, estimate + 0.03), counterfactual ? 1 : at.isBefore(PROMOTION) ? 1 : 2));
        }
        return points;
    }

    private static double trueAccuracy(Instant at, boolean counterfactual) {
        if (at.isBefore(CHANGE)) {
            return 0.97;
        }
        return counterfactual || at.isBefore(PROMOTION) ? 0.60 : 0.95;
    }

    static double[] wilson(long k, long n) {
        double z = 1.96;
        double p = (double) k / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return new double[] {centre - half, centre + half};
    }

    @Override
    public List<String> seriesNames(String modelName) {
        return MODEL.equals(modelName) ? List.of(KpiPoint.counterfactual(1)) : List.of();
    }

    @Override
    public KpiBand band(String modelName, String kpi) {
        return bands.getOrDefault(modelName + "/" + kpi, KpiBand.defaultAccuracy(modelName));
    }

    @Override
    public void setBand(KpiBand band) {
        bands.put(band.modelName() + "/" + band.kpi(), band);
        version.incrementAndGet();
    }

    @Override
    public List<DriftScore> featureDrift(String modelName, KpiGranularity granularity) {
        List<DriftScore> scores = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (String f : features()) {
                double psi = "temp".equals(f) && !day(d).isBefore(CHANGE) ? 0.3 + 0.01 * (d % 5) : 0.02 + 0.01 * ((d + f.length()) % 4);
                DriftLevel level = psi >= 0.25 ? DriftLevel.ALERT : psi >= 0.1 ? DriftLevel.WARN : DriftLevel.OK;
                scores.add(new DriftScore(f, day(d), day(d + 1), PER_DAY, psi, psi / 2, psi > 0.25 ? 1e-6 : 0.4, psi / 3, level));
            }
        }
        return scores;
    }

    private List<String> features() {
        if (!withCategorical) {
            return FEATURES;
        }
        List<String> all = new ArrayList<>(FEATURES);
        all.add(CATEGORICAL);
        return all;
    }

    /** Like the store: the shares of the categorical feature; asked of any other feature, an error. */
    @Override
    public CategoryShares categoryShares(String modelName, String feature, Instant from, Instant to) {
        categoryCalls.incrementAndGet();
        if (!withCategorical || !CATEGORICAL.equals(feature)) {
            throw new IllegalArgumentException("'" + feature + "' is not a categorical feature of data set 'glass'");
        }
        if (noCategoryReference) {
            return new CategoryShares(feature, null, null, null, 0, 0, List.of());
        }
        return new CategoryShares(feature, "v1's training window", START, day(7), 0, 4, SUPPLIER_BARS);
    }

    /** Like the store: no reference histograms for a categorical feature. */
    @Override
    public Histogram[] referenceAndCurrent(String modelName, String feature, Instant from, Instant to) {
        histogramFeatures.add(feature);
        if (CATEGORICAL.equals(feature)) {
            return new Histogram[0];
        }
        double[] edges = {0, 10, 20, 30, 40, 50, 60};
        long[] reference = {10, 40, 80, 40, 10, 0};
        long[] current = "temp".equals(feature) && !from.isBefore(CHANGE) ? new long[] {0, 5, 20, 60, 70, 25} : reference.clone();
        return new Histogram[] {new Histogram(edges, reference), new Histogram(edges, current)};
    }

    @Override
    public Histogram predictionDistribution(String modelName, Instant from, Instant to) {
        double[] edges = new double[11];
        long[] counts = new long[10];
        for (int i = 0; i <= 10; i++) {
            edges[i] = i / 10.0;
        }
        for (int i = 0; i < 10; i++) {
            counts[i] = i < 2 ? 12 : i > 7 ? 70 + 5L * i : 4;
        }
        return new Histogram(edges, counts);
    }

    @Override
    public List<QualityFinding> quality(String modelName, Instant from, Instant to) {
        return List.of(
                new QualityFinding("temp", CHANGE, "unit_change", 1.8,
                        AlertSeverity.CRITICAL,
                        "temp looks converted from Celsius to Fahrenheit (value ≈ 1.8 × old + 32) since 2019-07-18 00:00 UTC"),
                new QualityFinding("humidity", day(5), "missing", 0.07, AlertSeverity.WARNING, "humidity is missing in 7 % of readings"));
    }

    /**
     * Each labelled day whose start is in [from, to) holds {@value #PER_DAY} predictions spread evenly over the
     * classes; of each class's rows the day's true accuracy are right and the rest taken for the next class.
     */
    @Override
    public ConfusionCounts confusion(String modelName, Instant from, Instant to) {
        confusionCalls.incrementAndGet();
        List<String> names = classes;
        int k = names.size();
        long[][] counts = new long[k][k];
        Instant first = null;
        Instant last = null;
        for (int d = 0; d < days - unlabelledDays; d++) {
            if (day(d).isBefore(from) || !day(d).isBefore(to)) {
                continue;
            }
            first = first == null ? day(d) : first;
            last = day(d + 1).minusSeconds(60);
            double accuracy = trueAccuracy(day(d), false);
            for (int a = 0; a < k; a++) {
                long n = PER_DAY / k + (a == 0 ? PER_DAY % k : 0);
                long right = Math.round(n * accuracy);
                counts[a][a] += right;
                counts[a][(a + 1) % k] += n - right;
            }
        }
        return new ConfusionCounts(names, counts, first, last);
    }

    @Override
    public synchronized List<Alert> alerts(String modelName, boolean openOnly) {
        return alerts.stream().filter(a -> a.modelName().equals(modelName) && (!openOnly || a.isOpen()))
                .sorted((a, b) -> b.firedAt().compareTo(a.firedAt())).toList();
    }

    @Override
    public synchronized void acknowledge(long alertId, String note, String by) {
        replace(alertId, a -> new Alert(a.alertId(), a.modelName(), a.rule(), a.kind(), a.severity(), AlertState.ACKNOWLEDGED,
                a.windowStart(), a.windowEnd(), a.metric(), a.value(), a.threshold(), a.firedAt(), day(days), by, null,
                a.silencedUntil(), a.modelVersion(), a.feature(), note));
    }

    /** Incidents added by {@link #addIncident}, their member alerts also among {@link #alerts} as the store lists them. */
    final Map<Long, AlertIncident> incidents = new LinkedHashMap<>();
    final Map<Long, List<Long>> incidentMemberIds = new HashMap<>();
    /** How often an incident's members were read (they are read when it is first expanded, not with every snapshot). */
    final AtomicInteger memberReads = new AtomicInteger();

    /**
     * Adds incident {@code id}: {@code members} groups ("s-0", "s-1", …) whose fleet-drop alerts fired on
     * day 19, accuracy 0.50 + g / 10,000 (so group 0 is the worst), member alert ids from {@code id * 100,000}.
     */
    synchronized AlertIncident addIncident(long id, int members) {
        List<Long> ids = new ArrayList<>();
        for (int g = 0; g < members; g++) {
            long alertId = id * 100_000 + g;
            alerts.add(new Alert(alertId, MODEL, "fleet-drop", AlertKind.KPI, AlertSeverity.WARNING, AlertState.FIRING, day(19), day(20), "accuracy",
                    0.50 + g / 10_000.0, 0.80, day(20).plus(Duration.ofHours(2)), null, null, null, null, 1, null,
                    "dropped below its own baseline"));
            ids.add(alertId);
        }
        incidentMemberIds.put(id, ids);
        AlertIncident incident = new AlertIncident(id, MODEL, "fleet-drop", AlertKind.KPI, AlertSeverity.WARNING, AlertState.FIRING, day(20),
                day(19), members, "s-0", 0.50, members
                        + " sensors dropped 15+ points below their own baseline since 07-20 00:00 — worst: s-0 (0.500)",
                null, null, null);
        incidents.put(id, incident);
        version.incrementAndGet();
        return incident;
    }

    @Override
    public synchronized List<AlertIncident> incidents(String modelName, boolean openOnly) {
        return incidents.values().stream().filter(i -> i.modelName().equals(modelName) && (!openOnly || i.isOpen())).toList();
    }

    @Override
    public synchronized List<AlertIncident.Member> incidentMembers(long incidentId) {
        memberReads.incrementAndGet();
        List<Long> ids = incidentMemberIds.getOrDefault(incidentId, List.of());
        return alerts.stream().filter(a -> ids.contains(a.alertId())).sorted(Comparator.comparing(Alert::value))
                .map(a -> new AlertIncident.Member("s-" + (a.alertId() % 100_000), a)).toList();
    }

    @Override
    public synchronized int acknowledgeIncident(long incidentId, String note, String by) {
        AlertIncident i = incidents.get(incidentId);
        List<Long> firing = alerts.stream().filter(a -> incidentMemberIds.get(incidentId).contains(a.alertId())
                && AlertState.FIRING == a.state()).map(Alert::alertId).toList();
        if (firing.isEmpty()) {
            throw new IllegalStateException("Incident " + incidentId + " has no firing member.");
        }
        firing.forEach(id -> acknowledge(id, note, by));
        incidents.put(incidentId, new AlertIncident(i.incidentId(), i.modelName(), i.rule(), i.kind(), i.severity(), AlertState.ACKNOWLEDGED,
                i.openedAt(), i.windowStart(), i.members(), i.worstGroup(), i.worstValue(), i.summary(), null, day(days), by));
        return firing.size();
    }

    @Override
    public synchronized int silenceIncident(long incidentId, Instant until, String by) {
        List<Long> open = alerts.stream().filter(a -> incidentMemberIds.get(incidentId).contains(a.alertId()) && a.isOpen())
                .map(Alert::alertId).toList();
        if (open.isEmpty()) {
            throw new IllegalStateException("Incident " + incidentId + " has no open member.");
        }
        open.forEach(id -> silence(id, until, by));
        return open.size();
    }

    @Override
    public synchronized void silence(long alertId, Instant until, String by) {
        replace(alertId, a -> new Alert(a.alertId(), a.modelName(), a.rule(), a.kind(), a.severity(), a.state(),
                a.windowStart(), a.windowEnd(), a.metric(), a.value(), a.threshold(), a.firedAt(), a.acknowledgedAt(),
                a.acknowledgedBy(), a.resolvedAt(), until, a.modelVersion(), a.feature(), a.note()));
    }

    private void replace(long alertId, UnaryOperator<Alert> change) {
        for (int i = 0; i < alerts.size(); i++) {
            if (alerts.get(i).alertId() == alertId) {
                alerts.set(i, change.apply(alerts.get(i)));
                version.incrementAndGet();
                return;
            }
        }
        throw new IllegalArgumentException("no alert " + alertId);
    }

    @Override
    public List<TimelineMarker> markers(String modelName) {
        return List.of(new TimelineMarker(START, TimelineMarker.PROMOTION, "v1 promoted to production"),
                new TimelineMarker(CHANGE, TimelineMarker.CHANGE, "process change"),
                new TimelineMarker(day(20), TimelineMarker.ALERT, "alert: accuracy below band"),
                new TimelineMarker(PROMOTION, TimelineMarker.PROMOTION, "v2 promoted to production"));
    }

    /** The glassware-like catalogue entry: the three features with their units, the label classes. */
    @Override
    public DatasetSpec dataset(String modelName) {
        return new DatasetSpec("glass", "reading", "label", "prediction", "pid", "process_time", null, "quality", "qualitycheck_time",
                "predicted_quality", "predicted_code", classes.get(classes.size() - 1), classes, false, false,
                withCategorical ? List.of(new DatasetSpec.FeatureSpec("temp", DatasetSpec.NUMERIC, "°C", null, null),
                        new DatasetSpec.FeatureSpec("pressure", DatasetSpec.NUMERIC, "bar", null, null),
                        new DatasetSpec.FeatureSpec("humidity", DatasetSpec.NUMERIC, "%", null, null),
                        new DatasetSpec.FeatureSpec(CATEGORICAL, DatasetSpec.CATEGORICAL, null, null, null))
                        : List.of(new DatasetSpec.FeatureSpec("temp", DatasetSpec.NUMERIC, "°C", null, null),
                                new DatasetSpec.FeatureSpec("pressure", DatasetSpec.NUMERIC, "bar", null, null),
                                new DatasetSpec.FeatureSpec("humidity", DatasetSpec.NUMERIC, "%", null, null)));
    }

    @Override
    public Optional<PsiThresholds> psiThresholds() {
        return Optional.of(new PsiThresholds(0.1, 0.25));
    }

    @Override
    public long dataVersion() {
        versionCalls.incrementAndGet();
        return version.get();
    }
}
