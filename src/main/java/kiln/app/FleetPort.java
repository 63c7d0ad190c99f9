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
import kiln.ui.fleet.FleetQueries;

/**
 * The Fleet screen's port over the store's fleet queries (decision 0010): the screen owns what it
 * asks, the store sits below the screens and cannot name their types, so the wiring adapts one to the other.
 */
public final class FleetPort implements FleetQueries {
    private final kiln.store.fleet.FleetQueries queries;

    public FleetPort(kiln.store.fleet.FleetQueries queries) {
        this.queries = queries;
    }

    public FleetPort(KilnStore store) {
        this(new kiln.store.fleet.FleetQueries(store));
    }

    @Override
    public List<FleetModel> models(ProgressSink sink) {
        return queries.models(sink);
    }

    @Override
    public List<String> groupedDatasets(ProgressSink sink) {
        return queries.groupedDatasets(sink);
    }

    @Override
    public List<String> granularities(String model, ProgressSink sink) {
        return queries.granularities(model, sink);
    }

    @Override
    public List<FleetGroup> groups(String model, String granularity, ProgressSink sink) {
        return queries.groups(model, granularity, sink);
    }

    @Override
    public FleetHeatmap heatmap(String model, String granularity, int maxWindows, ProgressSink sink) {
        return queries.heatmap(model, granularity, maxWindows, sink);
    }

    @Override
    public List<FleetIncident> incidents(String model, ProgressSink sink) {
        return queries.incidents(model, sink);
    }

    @Override
    public GroupDetail group(String model, String granularity, String groupKey, ProgressSink sink) {
        return queries.group(model, granularity, groupKey, sink);
    }

    @Override
    public GroupFeatures groupFeatures(String model, String groupKey, ProgressSink sink) {
        return queries.groupFeatures(model, groupKey, sink);
    }
}
