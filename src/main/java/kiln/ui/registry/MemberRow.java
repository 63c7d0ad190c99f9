package kiln.ui.registry;

import java.time.Instant;
import java.util.Locale;

import kiln.domain.ModelVersion;
import kiln.domain.Run;

/**
 * A family member in the Members table: the version with its scope, the run behind it (null when it
 * is gone) and when it last became production (null when it never did).
 */
public record MemberRow(ModelVersion member, Run run, Instant promotedAt) {

    public String group() {
        return member.scope();
    }

    public boolean pooled() {
        return ModelVersion.POOLED.equals(member.scope());
    }

    public String label() {
        return "v" + member.version();
    }

    public String alias() {
        return member.alias() == null ? "" : member.alias();
    }

    public String runText() {
        return member.runId() == null ? "" : String.valueOf(member.runId());
    }

    public String trainer() {
        return run == null ? "" : run.trainer();
    }

    public String metric(String name) {
        double v = run == null ? Double.NaN : run.metric(name);
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    public String registered() {
        return EffectiveTime.format(member.createdAt());
    }

    public String promoted() {
        return promotedAt == null ? "" : EffectiveTime.format(promotedAt);
    }

    /** The member's lineage: the same panel a plain version shows, headed by the group it serves. */
    public String lineage() {
        String serves = pooled() ? "pooled member: serves groups without a member of their own" : "member for group " + member.scope();
        return serves + (promotedAt == null ? "" : "\nlast promoted to production " + promoted() + " UTC")
                + "\n" + new VersionRow(member, run).lineage();
    }
}
