package kiln.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs a JSON body to a webhook, retrying with exponential back-off: a connection failure, a
 * timeout, a 5xx, 408 or 429 is tried again (after firstBackoff, then twice that, …) up to
 * maxAttempts; any other 4xx is final, since sending the same body again cannot fix it.
 */
public final class WebhookSender {

    /** Waits between attempts (tests pass one that records instead of sleeping). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** How a delivery ended. */
    public record Outcome(boolean delivered, int attempts, Integer httpStatus, String error) {
    }

    private final HttpClient client;
    private final Sleeper sleeper;
    private final Duration requestTimeout;

    public WebhookSender() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), d -> Thread.sleep(d.toMillis()),
                Duration.ofSeconds(10));
    }

    public WebhookSender(HttpClient client, Sleeper sleeper, Duration requestTimeout) {
        this.client = client;
        this.sleeper = sleeper;
        this.requestTimeout = requestTimeout;
    }

    public Outcome post(URI url, String json, int maxAttempts, Duration firstBackoff) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout).header("Content-Type", "application/json")
                .header("User-Agent", "kiln-alerts").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        Duration backoff = firstBackoff;
        Integer status = null;
        String error = null;
        int attempts = Math.max(1, maxAttempts);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Outcome(true, attempt, status, null);
                }
                error = "HTTP " + status;
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    return new Outcome(false, attempt, status, error);
                }
            } catch (IOException e) {
                status = null;
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, attempt, status, "interrupted");
            }
            if (attempt < attempts) {
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome(false, attempt, status, error + "; interrupted while backing off");
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        return new Outcome(false, attempts, status, error);
    }
}
