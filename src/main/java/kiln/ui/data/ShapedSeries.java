package kiln.ui.data;

import java.util.Map;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The view-model's results as the charts draw them ({@link ChartSeries}), shaped on the worker that ran the query. */
public final class ShapedSeries {

    final ReadOnlyObjectWrapper<Map<String, ChartSeries.HistogramBars>> histograms = new ReadOnlyObjectWrapper<>(this, "histograms", Map.of());
    final ReadOnlyObjectWrapper<ChartSeries.EnvelopeLines> envelope = new ReadOnlyObjectWrapper<>(this, "envelope");
    final ReadOnlyObjectWrapper<ChartSeries.DayBoxes> dayBoxes = new ReadOnlyObjectWrapper<>(this, "dayBoxes", ChartSeries.DayBoxes.EMPTY);
    final ReadOnlyObjectWrapper<ChartSeries.Xy> perDay = new ReadOnlyObjectWrapper<>(this, "perDay", ChartSeries.Xy.EMPTY);

    ReadOnlyObjectProperty<Map<String, ChartSeries.HistogramBars>> histogramsProperty() {
        return histograms.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<ChartSeries.EnvelopeLines> envelopeProperty() {
        return envelope.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<ChartSeries.DayBoxes> dayBoxesProperty() {
        return dayBoxes.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<ChartSeries.Xy> perDayProperty() {
        return perDay.getReadOnlyProperty();
    }
}
