package kiln.notify;

import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.Alert;
import kiln.domain.UserFacingException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;

/**
 * Sends firing alerts to the channels their rule is routed to, once per alert and channel, and logs
 * every delivery. An alert is due on a channel while it is firing (not pending, acknowledged or
 * resolved) and not silenced at "now"; a silenced alert that still fires when its silence ends is sent
 * then. Webhooks are sent here; the desktop channel is shown by the workbench, which takes its due
 * notices with {@link #takeDesktopDue}.
 *
 * <p>An alert storm is one notice: the due members of an incident (per-group alerts of one rule and
 * hour, decision 0013) go out once per channel as the incident, and every member is logged with that
 * delivery; members that join an incident already sent on a channel are logged there as "grouped" and
 * not sent again. A per-group rule has no routing of its own (it is not in alert_rule): its incidents
 * go wherever the channel takes model-level rules of the same kind, unless routed by name.
 */
public final class Notifications {

    public static final String WEBHOOK = "webhook";
    public static final String DESKTOP = "desktop";

    /** A row of notification_channel with the rules routed to it and their kinds (kpi, drift, …). */
    public record Channel(String name, String kind, String url, boolean enabled, int maxAttempts, Duration firstBackoff,
            List<String> rules, List<String> kinds) {

        /** Whether {@code a} goes to this channel: its rule is routed here, or it is an incident's member of a routed kind. */
        boolean routes(Alert a, boolean incidentMember) {
            return rules.contains(a.rule()) || incidentMember && kinds.contains(a.kind().stored());
        }
    }

    /** One ended delivery ({@code alertId} null for a test message). */
    public record Delivery(Long alertId, String channel, boolean delivered, int attempts, Integer httpStatus, String error) {

        public String describe() {
            return (alertId == null ? "test message" : "alert #" + alertId) + " → " + channel + ": "
                    + (delivered ? "delivered" : "FAILED") + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                    + (httpStatus == null ? "" : " (HTTP " + httpStatus + ")") + (error == null || delivered ? "" : " — " + error);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KilnStore store;
    private final WebhookSender sender;
    private final DueNotices dueNotices;

    public Notifications(KilnStore store) {
        this(store, new WebhookSender());
    }

    public Notifications(KilnStore store, WebhookSender sender) {
        this.store = store;
        this.sender = sender;
        this.dueNotices = new DueNotices(store);
    }

    /** Every channel, by name. */
    public List<Channel> channels() {
        try {
            return store.read(Notifications::channels);
        } catch (SQLException e) {
            throw new DataAccessException("Reading the notification channels failed", e);
        }
    }

    private static List<Channel> channels(Connection conn) throws SQLException {
        List<Channel> channels = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT c.channel, c.kind, c.url, c.enabled, c.max_attempts, "
                + "c.first_backoff_ms, list(r.rule ORDER BY r.rule) FILTER (WHERE r.rule IS NOT NULL), "
                + "list(DISTINCT k.kind) FILTER (WHERE k.kind IS NOT NULL) FROM notification_channel c "
                + "LEFT JOIN alert_rule_channel r ON r.channel = c.channel LEFT JOIN alert_rule k ON k.rule = r.rule "
                + "GROUP BY ALL ORDER BY c.channel");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                channels.add(new Channel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getInt(5),
                        Duration.ofMillis(rs.getInt(6)), strings(rs.getArray(7)), strings(rs.getArray(8)).stream().sorted().toList()));
            }
        }
        return channels;
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> values = new ArrayList<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                values.add(String.valueOf(o));
            }
        }
        return List.copyOf(values);
    }

    /**
     * Adds or replaces a webhook channel and routes {@code rules} to it (all rules when empty).
     *
     * @throws UserFacingException for a URL that is not http(s) or a rule that does not exist
     */
    public Channel saveWebhook(String name, String url, List<String> rules, int maxAttempts, Duration firstBackoff) {
        URI uri = parseUrl(url);
        if (name == null || name.isBlank()) {
            throw new UserFacingException("A channel needs a name.");
        }
        if (maxAttempts < 1) {
            throw new UserFacingException("--attempts must be at least 1, got " + maxAttempts);
        }
        try {
            store.writeTransaction(conn -> {
                Set<String> known = new HashSet<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT rule FROM alert_rule"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
                for (String rule : rules) {
                    if (!known.contains(rule)) {
                        throw new UserFacingException("No alert rule '" + rule + "'; rules: " + String.join(", ", known.stream().sorted().toList()));
                    }
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO notification_channel VALUES (?, ?, ?, true, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, WEBHOOK);
                    ps.setString(3, uri.toString());
                    ps.setInt(4, maxAttempts);
                    ps.setInt(5, (int) firstBackoff.toMillis());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM alert_rule_channel WHERE channel = ?")) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
                for (String rule : rules.isEmpty() ? known : Set.copyOf(rules)) {
                    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert_rule_channel VALUES (?, ?)")) {
                        ps.setString(1, rule);
                        ps.setString(2, name);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Saving channel " + name + " failed", e);
        }
        return channels().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static URI parseUrl(String url) {
        try {
            URI uri = URI.create(url == null ? "" : url.trim());
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new UserFacingException("A webhook URL must start with http:// or https:// and name a host, got '" + url + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("Not a URL: '" + url + "' (" + e.getMessage() + ")");
        }
    }

    /** Whether any enabled webhook exists (callers skip the work otherwise). */
    public boolean hasWebhooks() {
        return channels().stream().anyMatch(c -> c.enabled() && WEBHOOK.equals(c.kind()));
    }

    /**
     * Sends every due notice to every enabled webhook; returns the deliveries, one per notice (an
     * incident's is logged for each of its members).
     */
    public List<Delivery> deliverWebhooks(List<Alert> alerts, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Channel channel : channels()) {
            if (!WEBHOOK.equals(channel.kind())) {
                continue;
            }
            for (DueNotices.Due d : dueNotices.due(alerts, channel, now)) {
                if (d.notice() == null) {
                    log(GROUPED, d.alertIds(), channel);
                } else {
                    deliveries.add(log(send(channel, payload(d.notice())), d.alertIds(), channel));
                }
            }
        }
        return deliveries;
    }

    /** The notices due on the desktop, logged as delivered (every member of an incident's): the caller shows them. */
    public List<Notice> takeDesktopDue(List<Alert> alerts, Instant now) {
        List<Notice> due = new ArrayList<>();
        for (Channel channel : channels()) {
            if (DESKTOP.equals(channel.kind())) {
                for (DueNotices.Due d : dueNotices.due(alerts, channel, now)) {
                    log(d.notice() == null ? GROUPED : SHOWN, d.alertIds(), channel);
                    if (d.notice() != null) {
                        due.add(d.notice());
                    }
                }
            }
        }
        return due;
    }

    /**
     * Sends a test message to {@code channelName} (every enabled webhook when null) and logs it; the
     * desktop channel cannot be reached from here and is reported as such.
     */
    public List<Delivery> sendTest(String channelName, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Channel> channels = channels();
        if (channelName != null && channels.stream().noneMatch(c -> c.name().equals(channelName))) {
            throw new UserFacingException("No notification channel '" + channelName + "'; channels: "
                    + String.join(", ", channels.stream().map(Channel::name).toList()));
        }
        for (Channel channel : channels) {
            boolean chosen = channelName == null ? channel.enabled() && WEBHOOK.equals(channel.kind()) : channel.name().equals(channelName);
            if (!chosen) {
                continue;
            }
            if (!WEBHOOK.equals(channel.kind())) {
                deliveries.add(new Delivery(null, channel.name(), false, 0, null,
                        "a " + channel.kind() + " channel is shown by the workbench, not from the command line"));
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("test", true);
            body.put("text", "kiln: test notification from channel " + channel.name());
            body.put("sent_at", now.toString());
            deliveries.add(log(send(channel, json(body)), (Long) null, channel));
        }
        return deliveries;
    }

    private WebhookSender.Outcome send(Channel channel, String json) {
        return sender.post(URI.create(channel.url()), json, channel.maxAttempts(), channel.firstBackoff());
    }

    /** The desktop shows what it takes at once. */
    private static final WebhookSender.Outcome SHOWN = new WebhookSender.Outcome(true, 1, null, null);
    /** Members of an incident already sent on the channel: logged, not sent again. */
    private static final WebhookSender.Outcome GROUPED = new WebhookSender.Outcome(true, 0, null, null);

    private Delivery log(WebhookSender.Outcome outcome, Long alertId, Channel channel) {
        return log(outcome, Collections.singletonList(alertId), channel);
    }

    /** Logs one ended delivery for each of {@code alertIds} in one write; returns it as the first id's. */
    private Delivery log(WebhookSender.Outcome outcome, List<Long> alertIds, Channel channel) {
        String status = outcome == GROUPED ? "grouped" : outcome.delivered() ? "delivered" : "failed";
        try {
            store.writeTransaction(conn -> {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO notification_delivery (alert_id, channel, status, "
                        + "attempts, http_status, error, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    Instant at = Instant.now();
                    for (Long alertId : alertIds) {
                        ps.setObject(1, alertId);
                        ps.setString(2, channel.name());
                        ps.setString(3, status);
                        ps.setInt(4, outcome.attempts());
                        ps.setObject(5, outcome.httpStatus());
                        ps.setString(6, outcome.error());
                        Timestamps.bind(ps, 7, at);
                        ps.addBatch();
                    }
                    return ps.executeBatch().length;
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Logging a delivery to " + channel.name() + " failed", e);
        }
        return new Delivery(alertIds.get(0), channel.name(), outcome.delivered(), outcome.attempts(), outcome.httpStatus(), outcome.error());
    }

    /** The JSON a webhook receives for a notice: the alert's, and for an incident its id, size and summary as the text. */
    public static String payload(Notice notice) {
        if (!notice.isIncident()) {
            return payload(notice.alert(), false);
        }
        Map<String, Object> body = body(notice.alert(), false);
        body.put("text", notice.text());
        body.put("incident_id", notice.incidentId());
        body.put("members", notice.members());
        body.put("summary", notice.summary());
        return json(body);
    }

    /** The JSON a webhook receives for an alert. */
    public static String payload(Alert a, boolean test) {
        return json(body(a, test));
    }

    private static Map<String, Object> body(Alert a, boolean test) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("test", test);
        body.put("text", headline(a));
        body.put("alert_id", a.alertId());
        body.put("model", a.modelName());
        body.put("model_version", a.modelVersion());
        body.put("rule", a.rule());
        body.put("kind", a.kind().stored());
        body.put("severity", a.severity().stored());
        body.put("state", a.state().stored());
        body.put("feature", a.feature());
        body.put("metric", a.metric());
        body.put("value", a.value());
        body.put("threshold", a.threshold());
        body.put("window_start", a.windowStart() == null ? null : a.windowStart().toString());
        body.put("fired_at", a.firedAt() == null ? null : a.firedAt().toString());
        body.put("note", a.note());
        return body;
    }

    /** One line saying what fired: "critical detector-drift on glassware v1: ADWIN = 0.31 since …". */
    public static String headline(Alert a) {
        return a.severity().stored() + " " + a.rule() + " on " + a.modelName() + (a.modelVersion() == null ? "" : " v" + a.modelVersion())
                + (a.feature() == null ? "" : " (" + a.feature() + ")") + ": " + a.metric()
                + (a.value() == null ? "" : " = " + String.format(Locale.ROOT, "%.3g", a.value()))
                + (a.windowStart() == null ? "" : " since " + a.windowStart());
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An alert could not be written as JSON", e);
        }
    }
}
