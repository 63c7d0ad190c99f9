package kiln.app;

import java.util.List;

import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetHeatmap;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.FleetModel;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.store.KilnStore;
import kiln.store.fleet.FleetReader;
import kiln.ui.fleet.FleetQueries;

/**
 * The Fleet screen's port over the store's {@link FleetReader} (decision 0010): the screen owns what it
 * asks, the store sits below the screens and cannot name their types, so the wiring adapts one to the other.
 */
public final class FleetPort implements FleetQueries {
    private final FleetReader reader;

    public FleetPort(FleetReader reader) {
        this.reader = reader;
    }

    public FleetPort(KilnStore store) {
        this(new FleetReader(store));
    }

    @Override
    public List<FleetModel> models(ProgressSink sink) {
        return reader.models(sink);
    }

    @Override
    public List<String> groupedDatasets(ProgressSink sink) {
        return reader.groupedDatasets(sink);
    }

    @Override
    public List<String> granularities(String model, ProgressSink sink) {
        return reader.granularities(model, sink);
    }

    @Override
    public List<FleetGroup> groups(String model, String granularity, ProgressSink sink) {
        return reader.groups(model, granularity, sink);
    }

    @Override
    public FleetHeatmap heatmap(String model, String granularity, int maxWindows, ProgressSink sink) {
        return reader.heatmap(model, granularity, maxWindows, sink);
    }

    @Override
    public List<FleetIncident> incidents(String model, ProgressSink sink) {
        return reader.incidents(model, sink);
    }

    @Override
    public GroupDetail group(String model, String granularity, String groupKey, ProgressSink sink) {
        return reader.group(model, granularity, groupKey, sink);
    }

    @Override
    public GroupFeatures groupFeatures(String model, String groupKey, ProgressSink sink) {
        return reader.groupFeatures(model, groupKey, sink);
    }
}
