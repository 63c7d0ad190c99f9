package kiln.ui.monitor;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import kiln.domain.KpiPoint;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Monitor's confusion matrix: counts of (actual, predicted) class over the labelled predictions of
 * the selected window, or of every shown window when none is selected. It is read through the
 * {@link TaskRunner} only while {@link #activeProperty() shown}, and again only when the model, the
 * window or the data version moved. Called on the FX thread.
 */
final class ConfusionModel {

    private final MonitorQueries queries;
    private final TaskRunner runner;
    private final BiConsumer<String, Throwable> onFailure;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ReadOnlyObjectWrapper<WindowConfusion> confusion = new ReadOnlyObjectWrapper<>(this, "confusion");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);

    private String model;
    private long version;
    /** Every window the chart shows (from the newest snapshot), used when none is selected. */
    private TimeRange shownRange;
    private TimeRange selected;
    /** What the shown (or loading) matrix answers: model, window, whether selected, data version. */
    private List<Object> loadedKey;
    private TaskRunner.Handle job;

    ConfusionModel(MonitorQueries queries, TaskRunner runner, BiConsumer<String, Throwable> onFailure) {
        this.queries = queries;
        this.runner = runner;
        this.onFailure = onFailure;
        subscriptions.onChange(active, (obs, old, a) -> refresh());
    }

    /** A new snapshot was applied: the model, the data version and the shown range may have moved. */
    void snapshot(MonitorSnapshot s) {
        List<KpiPoint> production = s.production();
        model = s.request().model();
        version = s.dataVersion();
        shownRange = production.isEmpty() ? null
                : new TimeRange(production.get(0).windowStart(), production.get(production.size() - 1).windowEnd());
        refresh();
    }

    /** Counts the window (null: every shown window). */
    void select(TimeRange window) {
        selected = window;
        refresh();
    }

    /** Forgets the matrix (another model was chosen). */
    void clear() {
        cancel();
        model = null;
        selected = null;
        shownRange = null;
        loadedKey = null;
        confusion.set(null);
    }

    private void refresh() {
        TimeRange window = selected != null ? selected : shownRange;
        if (!active.get() || model == null || window == null) {
            return;
        }
        List<Object> key = List.of(model, window, selected != null, version);
        if (key.equals(loadedKey)) {
            return;
        }
        cancel();
        loadedKey = key;
        String m = model;
        boolean isSelected = selected != null;
        job = runner.submit(null, sink -> new WindowConfusion(m, window, isSelected, queries.confusion(m, window.from(), window.to())),
                c -> {
                    if (key.equals(loadedKey)) {
                        confusion.set(c);
                    }
                }, e -> {
                    if (Objects.equals(key, loadedKey)) {
                        loadedKey = null; // read again on the next refresh
                    }
                    onFailure.accept("Counting the confusion matrix of " + m, e);
                });
    }

    private void cancel() {
        if (job != null) {
            job.cancel();
            job = null;
        }
    }

    void dispose() {
        cancel();
        subscriptions.dispose();
    }

    /** True while the matrix is on screen; it is read only then. */
    BooleanProperty activeProperty() {
        return active;
    }

    ReadOnlyObjectProperty<WindowConfusion> confusionProperty() {
        return confusion.getReadOnlyProperty();
    }

    /** The selected window; null while every shown window is counted. */
    TimeRange selectedWindow() {
        return selected;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }
}
