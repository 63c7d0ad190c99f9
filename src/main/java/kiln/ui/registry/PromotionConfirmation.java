package kiln.ui.registry;

import java.time.Instant;
import java.util.Optional;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import kiln.ui.common.Subscriptions;

/**
 * The promotion waiting for confirmation and its "effective from" field: the text is checked as it
 * is typed, and a hint says what the promotion will do to scoring from that time on.
 */
public final class PromotionConfirmation {

    private final ReadOnlyObjectWrapper<PendingPromotion> pending = new ReadOnlyObjectWrapper<>(this, "pending");
    private final StringProperty effectiveFromText = new SimpleStringProperty(this, "effectiveFromText", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper(this, "hint", "");
    private final Subscriptions subscriptions = new Subscriptions();

    PromotionConfirmation() {
        subscriptions.onInvalidate(effectiveFromText, o -> check());
        subscriptions.onInvalidate(pending, o -> check());
    }

    /** Asks for confirmation of {@code p}, with the effective time set to its default. */
    void open(PendingPromotion p) {
        pending.set(p);
        effectiveFromText.set(EffectiveTime.format(p.defaultEffectiveTime()));
    }

    void close() {
        pending.set(null);
    }

    /** The effective time typed, when it is a valid one. */
    Optional<Instant> effectiveFrom() {
        PendingPromotion p = pending.get();
        EffectiveTime.Parsed parsed = EffectiveTime.parse(effectiveFromText.get());
        return p == null || !parsed.ok() || p.problemWith(parsed.time()) != null ? Optional.empty() : Optional.of(parsed.time());
    }

    private void check() {
        PendingPromotion p = pending.get();
        if (p == null) {
            problem.set("");
            hint.set("");
            return;
        }
        EffectiveTime.Parsed parsed = EffectiveTime.parse(effectiveFromText.get());
        String wrong = parsed.ok() ? p.problemWith(parsed.time()) : parsed.problem();
        problem.set(wrong == null ? "" : wrong);
        hint.set(wrong == null ? p.explain(parsed.time()) : "");
    }

    void dispose() {
        subscriptions.dispose();
    }

    public ReadOnlyObjectProperty<PendingPromotion> pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    /** The "effective from" text, {@value EffectiveTime#PATTERN} in UTC. */
    public StringProperty effectiveFromTextProperty() {
        return effectiveFromText;
    }

    /** Why the typed time cannot be used (empty when it can). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the promotion does from the typed time on (empty while the time is wrong). */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }
}
