package kiln.ui.common;

import javafx.scene.Node;

/**
 * A workspace whose view-model and view are built the first time it is shown and thrown away on
 * {@link #dispose()}: the lifecycle every screen shares, so each subclass only says how to build its
 * parts and how to take them apart.
 *
 * @param <M> the view-model
 * @param <V> the view
 */
public abstract class LazyWorkspace<M, V> implements Workspace {

    private final String id;
    private final String title;
    private final String subtitle;
    private M model;
    private V view;

    protected LazyWorkspace(String id, String title, String subtitle) {
        this.id = id;
        this.title = title;
        this.subtitle = subtitle;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final String subtitle() {
        return subtitle;
    }

    @Override
    public final Node view() {
        if (view == null) {
            model = createModel();
            view = createView(model);
            start(model);
        }
        return root(view);
    }

    /** The view-model once the view exists, else null (tests drive it). */
    public M model() {
        return model;
    }

    /** The view once it exists, else null. */
    protected final V currentView() {
        return view;
    }

    @Override
    public final void dispose() {
        if (view != null) {
            dispose(view, model);
            view = null;
            model = null;
        }
    }

    protected abstract M createModel();

    protected abstract V createView(M model);

    /** Starts the view-model's first loads, once the view listens. */
    protected abstract void start(M model);

    protected abstract Node root(V view);

    /** Removes the view's listeners and stops the view-model's work. */
    protected abstract void dispose(V view, M model);
}
