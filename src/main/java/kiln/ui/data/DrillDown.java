package kiln.ui.data;

import java.time.LocalDateTime;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.EdaResults.RowPage;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.ui.common.TaskRunner;

/** The Data workspace's drill-down: the rows behind a histogram bar or a time span, a page at a time. */
final class DrillDown {

    /** Runs a query for the current choice of data set and window; its result is dropped once the choice changes. */
    interface Queries {
        <T> TaskRunner.Handle submit(TaskRunner.Job<T> job, Consumer<? super T> onResult);
    }

    private final DataQueries queries;
    private final Supplier<EdaDataset> dataset;
    private final Supplier<TimeWindow> window;
    private final Queries jobs;
    private final ReadOnlyObjectWrapper<RowFilter> filter = new ReadOnlyObjectWrapper<>(this, "filter");
    private final ObservableList<DataRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper offset = new ReadOnlyLongWrapper(this, "offset");
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(this, "total");
    private TaskRunner.Handle job;

    DrillDown(DataQueries queries, Supplier<EdaDataset> dataset, Supplier<TimeWindow> window, Queries jobs) {
        this.queries = queries;
        this.dataset = dataset;
        this.window = window;
        this.jobs = jobs;
    }

    /** The rows of the bar of {@code h} that holds {@code value}. */
    void intoBin(Histogram h, String feature, double value, Integer label) {
        int bin = h.binOf(value);
        double high = bin == h.bins() - 1 ? Math.nextUp(h.edges()[bin + 1]) : h.edges()[bin + 1];
        show(RowFilter.featureRange(feature, h.edges()[bin], high, label));
    }

    void intoTime(LocalDateTime from, LocalDateTime to) {
        show(RowFilter.timeRange(from, to));
    }

    void show(RowFilter f) {
        filter.set(f);
        loadPage(0);
    }

    void nextPage(int pageSize) {
        if (filter.get() != null && offset.get() + pageSize < total.get()) {
            loadPage(offset.get() + pageSize);
        }
    }

    void previousPage(int pageSize) {
        if (filter.get() != null && offset.get() > 0) {
            loadPage(Math.max(0, offset.get() - pageSize));
        }
    }

    private void loadPage(long from) {
        EdaDataset ds = dataset.get();
        RowFilter f = filter.get();
        if (ds == null || f == null) {
            return;
        }
        cancel();
        TimeWindow w = window.get();
        job = jobs.submit(sink -> queries.rows(ds, w, f, from, DataViewModel.PAGE_SIZE, sink), (RowPage page) -> {
            if (f.equals(filter.get())) {
                rows.setAll(page.rows());
                offset.set(page.offset());
                total.set(page.totalRows());
            }
        });
    }

    void clear() {
        cancel();
        filter.set(null);
        rows.clear();
        offset.set(0);
        total.set(0);
    }

    void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    ReadOnlyObjectProperty<RowFilter> filterProperty() {
        return filter.getReadOnlyProperty();
    }

    ObservableList<DataRow> rows() {
        return rows;
    }

    ReadOnlyLongProperty offsetProperty() {
        return offset.getReadOnlyProperty();
    }

    ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }
}
