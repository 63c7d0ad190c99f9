package kiln.ui.monitor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.KpiPoint;
import kiln.ui.common.TaskRunner;
import kiln.ui.monitor.report.MonitorReport;
import kiln.ui.monitor.report.MonitorReportWriter;

/**
 * Saving the Monitor report, as the user sees it: the shown snapshot is handed over on the FX thread;
 * what the report adds to it (every alert, the catalogue's units, the newest window's distributions
 * and confusion matrix), the charts, the HTML and the file are read, drawn and written on a worker.
 * It ends in one sentence: where
 * the report was saved (with an "Open" the view offers when the platform can open files), or what
 * went wrong and what to do about it.
 */
public final class ReportExport {

    private final TaskRunner runner;
    private final MonitorQueries queries;
    private final MonitorReportWriter writer = new MonitorReportWriter();
    private FileOpener opener = FileOpener.DESKTOP;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<Path> saved = new ReadOnlyObjectWrapper<>(this, "saved");

    ReportExport(TaskRunner runner, MonitorQueries queries) {
        this.runner = runner;
        this.queries = queries;
    }

    void setOpener(FileOpener opener) {
        this.opener = opener == null ? FileOpener.DESKTOP : opener;
    }

    FileOpener opener() {
        return opener;
    }

    /** Writes the report of {@code snapshot} to {@code file} in the background. */
    void export(MonitorSnapshot snapshot, Path file) {
        if (snapshot == null) {
            fail("Nothing to export yet: choose a model whose readings have been scored, then export again.");
            return;
        }
        busy.set(true);
        saved.set(null);
        failed.set(false);
        message.set("Writing the report to " + file + " …");
        Instant now = Instant.now();
        runner.submit("Writing the monitor report", sink -> {
            writer.write(contents(queries, snapshot, now), file);
            return file;
        }, written -> {
            busy.set(false);
            saved.set(written);
            message.set("Report saved to " + written + ".");
        }, e -> fail(FailureText.ofFile("Saving the report", file, e)));
    }

    /** Says why there is no report (e.g. a chart could not be pictured). */
    void fail(String sentence) {
        busy.set(false);
        saved.set(null);
        failed.set(true);
        message.set(sentence);
    }

    /** Opens the saved report; says so when it cannot. */
    void openSaved() {
        Path file = saved.get();
        if (file == null) {
            return;
        }
        if (!opener.canOpen()) {
            message.set("This system cannot open files from Kiln: open " + file + " in a web browser.");
            return;
        }
        runner.submit(null, sink -> {
            opener.open(file);
            return file;
        }, f -> {}, e -> message.set("Opening " + file + " did not work here: open it in a web browser instead."));
    }

    /** Forgets the last message (the user closed it). */
    void dismiss() {
        saved.set(null);
        failed.set(false);
        message.set("");
    }

    /**
     * The report of snapshot {@code s}, completed off the FX thread (every read may block): all alerts,
     * not only the open ones the list may be showing; the catalogue's features; each drifting
     * feature's distributions in the newest scored window; the last labelled window's confusion matrix.
     */
    static MonitorReport contents(MonitorQueries q, MonitorSnapshot s, Instant now) {
        String model = s.request().model();
        DatasetSpec spec = q.dataset(model);
        DriftScore newest = s.drift().stream().max(Comparator.comparing(DriftScore::windowStart)).orElse(null);
        Map<String, Histogram[]> distributions = new LinkedHashMap<>();
        if (newest != null) {
            for (DriftScore d : s.drift()) {
                if (d.windowStart().equals(newest.windowStart())) {
                    distributions.computeIfAbsent(d.feature(), f -> q.referenceAndCurrent(model, f, newest.windowStart(), newest.windowEnd()));
                }
            }
        }
        KpiPoint labelled = null;
        for (KpiPoint p : s.production()) {
            labelled = p.accuracy() != null ? p : labelled;
        }
        MonitorReport.WindowConfusion confusion = labelled == null ? null : new MonitorReport.WindowConfusion(labelled.windowStart(),
                labelled.windowEnd(), q.confusion(model, labelled.windowStart(), labelled.windowEnd()));
        MonitorReport.Drift drift = new MonitorReport.Drift(spec == null ? List.of() : spec.features(), s.drift(),
                q.psiThresholds().orElse(null), distributions, newest == null ? null : newest.windowStart(), newest == null ? null : newest
                        .windowEnd());
        return new MonitorReport(model, s.request().granularity().label(), now, s.dataVersion(),
                new MonitorReport.Accuracy(s.band(), s.production(), s.counterfactuals()), s.markers(), q.alerts(model, false), s.quality(),
                drift, confusion);
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The report last saved (null while writing, after a failure or once dismissed). */
    public ReadOnlyObjectProperty<Path> savedProperty() {
        return saved.getReadOnlyProperty();
    }
}
