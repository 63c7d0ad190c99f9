package kiln.ui.common;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.scene.Node;

/** One of the workbench's workspaces (Data, Experiments, Registry, Monitor). */
public interface Workspace {

    /** Stable id, e.g. "data"; used by tests and the smoke test. */
    String id();

    /** Title in the navigation. */
    String title();

    /** One line under the title in the navigation. */
    String subtitle();

    /** The workspace's root node; created once, on first call. */
    Node view();

    /**
     * How many things in this workspace wait for the user (the Monitor's firing alerts), shown beside its
     * name in the navigation; null when the workspace counts nothing.
     */
    default ReadOnlyIntegerProperty attentionCount() {
        return null;
    }

    /** Called when the workspace is shown (true) or hidden (false). */
    default void setActive(boolean active) {}

    /** Removes listeners, cancels jobs. The workspace is not used after this. */
    void dispose();
}
