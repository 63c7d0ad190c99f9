package kiln.ops;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import kiln.monitor.MonitorService;
import kiln.notify.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the live loop's firing alerts to their webhooks on one background thread, so a slow or
 * failing endpoint (retried with back-off) never holds up scoring and monitoring. Deliveries run one
 * at a time and each re-reads the delivery log, so an alert is sent at most once per channel however
 * the updates queue up. "Now" for silences is the loop's clock (simulated time while simulating).
 */
final class AlertDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatch.class);

    private final Notifications notifications;
    private final MonitorService monitor;
    private final String modelName;
    private final Supplier<Instant> clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kiln-alert-dispatch");
        t.setDaemon(true);
        return t;
    });
    private Boolean webhooks;

    AlertDispatch(Notifications notifications, MonitorService monitor, String modelName, Supplier<Instant> clock) {
        this.notifications = notifications;
        this.monitor = monitor;
        this.modelName = modelName;
        this.clock = clock;
    }

    /** Queues a delivery round for the alerts open now (nothing when no webhook is configured). */
    void afterUpdate() {
        if (webhooks == null) {
            webhooks = notifications.hasWebhooks(); // channels are configured before a run, not during it
        }
        if (!webhooks || worker.isShutdown()) {
            return;
        }
        Instant now = clock.get();
        worker.submit(() -> {
            try {
                // Notifications sends an incident (an alert storm of many groups) once, not once per member.
                notifications.deliverWebhooks(monitor.alerts(modelName, true), now)
                        .forEach(d -> LOG.info("notification {}", d.describe()));
            } catch (RuntimeException e) {
                LOG.warn("Delivering alerts of {} failed: {}", modelName, e.getMessage());
            }
        });
    }

    /** Waits (up to a minute) for the queued deliveries to end. */
    void drain() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Alert deliveries still running after a minute; they continue in the background");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
