package kiln.ui.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import kiln.sim.SimulationClock;
import kiln.sim.SimulationProgress;

/**
 * What the simulator panel shows of a running simulation: the simulated clock, rows written and rows
 * per second. The simulation thread only records the latest progress; {@link #refresh} copies it into
 * the properties on the FX thread, so the screen never sees one update per row.
 */
final class ProgressReadout {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    final StringProperty clockText = new SimpleStringProperty("—");
    final LongProperty readings = new SimpleLongProperty();
    final LongProperty labels = new SimpleLongProperty();
    final DoubleProperty rowsPerSecond = new SimpleDoubleProperty();
    /** Written by the simulation thread, read by refresh() on the FX thread. */
    private final AtomicReference<SimulationProgress> latest = new AtomicReference<>();
    private long lastRows;
    private long lastRefreshNanos;

    /** Called by the simulation thread with each progress report. */
    void record(SimulationProgress progress) {
        latest.set(progress);
    }

    /** Forgets the last run's progress before a new one starts. */
    void restart() {
        latest.set(null);
        lastRows = 0;
        lastRefreshNanos = System.nanoTime();
    }

    void showClock(Instant now) {
        clockText.set(CLOCK.format(now));
    }

    /** Copies the latest progress into the properties; on the FX thread, about every 100 ms. */
    void refresh(SimulationClock clock) {
        long now = System.nanoTime();
        if (clock != null) {
            showClock(clock.now());
        }
        SimulationProgress p = latest.get();
        long rows = p == null ? 0 : p.readingsSent() + p.labelsSent();
        if (p != null) {
            readings.set(p.readingsSent());
            labels.set(p.labelsSent());
        }
        double seconds = (now - lastRefreshNanos) / 1e9;
        if (seconds > 0.05) {
            double instant = Math.max(0, rows - lastRows) / seconds;
            // Smoothed so the figure is readable at a glance.
            rowsPerSecond.set(rowsPerSecond.get() * 0.5 + instant * 0.5);
            lastRows = rows;
            lastRefreshNanos = now;
        }
    }
}
