package kiln.ui.common;

import java.util.ArrayList;
import java.util.List;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The owner of a screen's listeners: everything added here is removed by {@link #dispose()}, so a
 * screen that is closed leaves nothing attached to longer-lived models.
 */
public final class Subscriptions {

    private final List<Runnable> removals = new ArrayList<>();

    public <T> void onChange(ObservableValue<T> source, ChangeListener<? super T> listener) {
        source.addListener(listener);
        removals.add(() -> source.removeListener(listener));
    }

    public void onInvalidate(Observable source, InvalidationListener listener) {
        source.addListener(listener);
        removals.add(() -> source.removeListener(listener));
    }

    public <E> void onListChange(ObservableList<E> source, ListChangeListener<? super E> listener) {
        source.addListener(listener);
        removals.add(() -> source.removeListener(listener));
    }

    /** Registers any other clean-up (unbinding, cancelling a timer). */
    public void add(Runnable removal) {
        removals.add(removal);
    }

    public int size() {
        return removals.size();
    }

    public void dispose() {
        for (int i = removals.size() - 1; i >= 0; i--) {
            removals.get(i).run();
        }
        removals.clear();
    }
}
