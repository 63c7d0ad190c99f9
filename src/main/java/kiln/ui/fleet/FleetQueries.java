package kiln.ui.fleet;

import java.util.List;

import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetHeatmap;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.FleetModel;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;

/**
 * What the Fleet workspace reads (decision 0010): the models watched per group, their groups'
 * windows, heatmap and incidents, and one group's detail and features. Read-only. Every method may
 * block on the database, so callers run them off the FX thread; cancelling the {@link ProgressSink}
 * interrupts the query. Methods throw unchecked exceptions only.
 */
public interface FleetQueries {

    /** Models of data sets with a group column, and any model with per-group KPIs; those with KPIs first. */
    List<FleetModel> models(ProgressSink sink);

    /** Data sets whose catalogue entry names a group column, as "name (column)" by name: what the empty state points to. */
    List<String> groupedDatasets(ProgressSink sink);

    /** The window sizes the model has per-group KPIs for, days first. */
    List<String> granularities(String model, ProgressSink sink);

    /** Every group of the model with its totals, newest labelled window, open alerts and production member, by key. */
    List<FleetGroup> groups(String model, String granularity, ProgressSink sink);

    /** Accuracy per group over the newest {@code maxWindows} windows. */
    FleetHeatmap heatmap(String model, String granularity, int maxWindows, ProgressSink sink);

    /** The model's incidents, open ones first then newest, each with its most severe members first. */
    List<FleetIncident> incidents(String model, ProgressSink sink);

    /** One group's windows, alerts, the model's accuracy band, the member serving it and its promotions. */
    GroupDetail group(String model, String granularity, String groupKey, ProgressSink sink);

    /** The group's feature distributions in the newest day against its training reference. */
    GroupFeatures groupFeatures(String model, String groupKey, ProgressSink sink);
}
