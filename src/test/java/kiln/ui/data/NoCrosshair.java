package kiln.ui.data;

import javafx.scene.Parent;

/**
 * For screenshots: hides ChartFX's cross-hair, which the first synthetic mouse event of a new
 * window draws at an arbitrary spot (e.g. "1970-01-01 00:00, NaN" on a chart not yet ranged).
 */
public final class NoCrosshair {

    private NoCrosshair() {}

    /** Call on the FX thread before taking the snapshot. */
    public static void in(Parent root) {
        root.lookupAll(".chart-crosshair-path").forEach(n -> n.setVisible(false));
        root.lookupAll(".chart-crosshair-label").forEach(n -> n.setVisible(false));
    }
}
