package kiln.sim;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Simulated time. At a finite speed it runs {@code speed} times faster than the wall clock; at
 * {@link #MAX} it runs as fast as data can be written (the engine moves it to the time of what it
 * has written). Pause, resume, step one hour and jump are safe from any thread (the GUI's); the
 * engine waits on this object while paused. Wall time comes from an injectable source (System.nanoTime
 * unless a test supplies its own), so a test can move it by hand and expect exact simulated times.
 */
public final class SimulationClock {

    /** Speed meaning "as fast as possible". */
    public static final double MAX = Double.POSITIVE_INFINITY;
    private static final long HOUR_MILLIS = 3_600_000L;

    private long simMillis;
    private double speed;
    private boolean paused;
    private long lastWallNanos;
    private long pendingTarget = Long.MIN_VALUE;
    private final LongSupplier wallNanos;

    public SimulationClock(Instant start, double speed) {
        this(start, speed, System::nanoTime);
    }

    /** @param wallNanos the wall clock in nanoseconds (System::nanoTime; a hand-moved clock in tests) */
    public SimulationClock(Instant start, double speed, LongSupplier wallNanos) {
        this.wallNanos = wallNanos;
        this.simMillis = start.toEpochMilli();
        setSpeed(speed);
    }

    public synchronized Instant now() {
        return Instant.ofEpochMilli(simMillis);
    }

    public synchronized long nowMillis() {
        return simMillis;
    }

    public synchronized double speed() {
        return speed;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** 1, 60, 3600, ... or {@link #MAX}. */
    public synchronized void setSpeed(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.speed = speed;
        lastWallNanos = wallNanos.getAsLong();
        notifyAll();
    }

    public synchronized void pause() {
        paused = true;
        notifyAll();
    }

    public synchronized void resume() {
        paused = false;
        lastWallNanos = wallNanos.getAsLong();
        notifyAll();
    }

    /** Moves simulated time one hour on (typically while paused); the engine writes what falls in it. */
    public synchronized void stepHour() {
        pendingTarget = Math.max(pendingTarget, simMillis) + HOUR_MILLIS;
        notifyAll();
    }

    /** Jumps forward to {@code time}; everything up to it is written at once. Time never runs backwards. */
    public synchronized void jumpTo(Instant time) {
        long t = time.toEpochMilli();
        if (t < simMillis) {
            throw new IllegalArgumentException("Cannot jump back to " + time + ": the simulation is already at " + now());
        }
        pendingTarget = Math.max(pendingTarget, t);
        notifyAll();
    }

    /**
     * For the engine: how far simulated time may go now. Blocks up to {@code waitMillis} while
     * paused (returning the current time if nothing happened, so the engine can check for cancel).
     * Returns Long.MAX_VALUE at max speed.
     */
    synchronized long target(long waitMillis) throws InterruptedException {
        if (pendingTarget == Long.MIN_VALUE && paused) {
            wait(waitMillis);
        }
        if (pendingTarget != Long.MIN_VALUE) {
            long t = pendingTarget;
            pendingTarget = Long.MIN_VALUE;
            simMillis = Math.max(simMillis, t);
            lastWallNanos = wallNanos.getAsLong();
            return simMillis;
        }
        if (paused) {
            return simMillis;
        }
        if (speed == MAX) {
            return Long.MAX_VALUE;
        }
        long wall = wallNanos.getAsLong();
        simMillis += (long) ((wall - lastWallNanos) / 1_000_000.0 * speed);
        lastWallNanos = wall;
        return simMillis;
    }

    /** For the engine: sleeps up to {@code millis} of wall time, waking early on pause, step, jump or speed change. */
    synchronized void idle(long millis) throws InterruptedException {
        wait(millis);
    }

    /** For the engine at max speed: simulated time is where the data is. Never moves backwards. */
    synchronized void advanceTo(long millis) {
        if (millis > simMillis) {
            simMillis = millis;
        }
    }

    /** For a resumed run: start from where the stored data ends. */
    synchronized void startAt(long millis) {
        simMillis = Math.max(simMillis, millis);
    }
}
