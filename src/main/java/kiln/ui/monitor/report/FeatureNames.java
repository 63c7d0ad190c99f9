package kiln.ui.monitor.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.Alert;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.QualityFinding;

/**
 * The features a report talks about, in the catalogue's order, then any other feature its drift
 * scores, findings or alerts name; each labelled with its unit when the catalogue gives one
 * ("temperature (°C)") and given a fragment id for its drill-down section.
 */
final class FeatureNames {

    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> anchors = new LinkedHashMap<>();

    FeatureNames(MonitorReport r) {
        for (DatasetSpec.FeatureSpec f : r.drift().features()) {
            labels.put(f.name(), f.labelWithUnit());
        }
        for (DriftScore d : r.drift().scores()) {
            labels.putIfAbsent(d.feature(), d.feature());
        }
        for (QualityFinding q : r.quality()) {
            if (q.feature() != null) {
                labels.putIfAbsent(q.feature(), q.feature());
            }
        }
        for (Alert a : r.alerts()) {
            if (a.feature() != null) {
                labels.putIfAbsent(a.feature(), a.feature());
            }
        }
        for (String name : labels.keySet()) {
            String anchor = "feature-" + Html.slug(name);
            // two names that differ only in punctuation ("a.b", "a-b") still get their own sections
            for (int i = 2; anchors.containsValue(anchor); i++) {
                anchor = "feature-" + Html.slug(name) + "-" + i;
            }
            anchors.put(name, anchor);
        }
    }

    List<String> names() {
        return new ArrayList<>(labels.keySet());
    }

    /** "temperature (°C)", or the bare name (or "—" for none). */
    String label(String feature) {
        return feature == null ? "—" : labels.getOrDefault(feature, feature);
    }

    /** The id of the feature's drill-down section. */
    String anchor(String feature) {
        return anchors.get(feature);
    }
}
