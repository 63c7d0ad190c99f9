package kiln.ui.common;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.scene.Node;

/**
 * Hands new data to the charts one chart per pulse, and only to charts that are shown.
 *
 * <p>Why: at each pulse the FX thread waits until the previous frame is drawn, and a chart whose data
 * changed is drawn anew (its whole canvas). JavaFX also draws the pending commands of canvases that are
 * not visible (forced content), so charts on the tabs not selected cost as much as the shown ones. A
 * refresh that changed every chart at once made one frame draw them all, and the FX thread stood still
 * for that long. Here each pulse applies one update, those of hidden charts wait until their tab is
 * selected ({@link #wake()}) or they enter a scene, and a newer update for a chart replaces its
 * pending one in place.
 */
public final class StaggeredUpdates {

    private final Map<Node, Runnable> pending = new LinkedHashMap<>();
    /** Every target is watched for entering a scene (first showing, or the screen shown again). */
    private final Map<Node, InvalidationListener> watched = new HashMap<>();
    private final InvalidationListener sceneChanged = obs -> wake();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            applyNext();
        }
    };
    private boolean running;

    /** Queues {@code update}, which changes what {@code target} shows; call on the FX thread. */
    public void post(Node target, Runnable update) {
        pending.put(target, update);
        watched.computeIfAbsent(target, t -> {
            t.sceneProperty().addListener(sceneChanged);
            return sceneChanged;
        });
        wake();
    }

    /** Looks again for updates to apply (call when what is shown changed, e.g. another tab was selected). */
    public void wake() {
        if (!running && !pending.isEmpty()) {
            running = true;
            timer.start();
        }
    }

    /** True when no shown chart waits for its data. */
    public boolean shownUpToDate() {
        return pending.keySet().stream().noneMatch(StaggeredUpdates::isShown);
    }

    private void applyNext() {
        Iterator<Map.Entry<Node, Runnable>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Node, Runnable> next = it.next();
            if (isShown(next.getKey())) {
                it.remove();
                next.getValue().run();
                return;
            }
        }
        timer.stop(); // the rest wait for wake()
        running = false;
    }

    /** In a scene and neither it nor a parent is invisible (a tab not selected hides its content). */
    public static boolean isShown(Node node) {
        if (node.getScene() == null) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Forgets a target that is gone for good (a chart of a data set no longer shown). */
    public void forget(Node target) {
        pending.remove(target);
        InvalidationListener listener = watched.remove(target);
        if (listener != null) {
            target.sceneProperty().removeListener(listener);
        }
    }

    /** Drops what is pending and stops asking for pulses (a running timer would keep the view reachable). */
    public void dispose() {
        watched.forEach((target, listener) -> target.sceneProperty().removeListener(listener));
        watched.clear();
        pending.clear();
        timer.stop();
        running = false;
    }
}
