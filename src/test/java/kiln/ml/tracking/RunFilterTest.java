package kiln.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import kiln.ml.tracking.RunFilter.FilterSyntaxException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class RunFilterTest {

    @Test
    void compilesComparisonsToParameterisedSql() {
        RunFilter.Compiled c = RunFilter.compile("metrics.accuracy > 0.95 and params.maxDepth = 5");
        assertThat(c.sql()).isEqualTo("(TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE) > ? AND "
                + "TRY_CAST(json_extract_string(params, ?) AS DOUBLE) = ?)");
        assertThat(c.parameters()).containsExactly("$.accuracy", 0.95, "$.maxDepth", 5.0);
    }

    @Test
    void supportsOrInListsRangesParenthesesNotAndTags() {
        RunFilter.Compiled c = RunFilter.compile("(trainer in (cart, 'random-forest') or tags = best) and not status = failed "
                + "and metrics.f1 in 0.5..0.9 and params.numTrees between 10 and 50 and started_at >= '2026-01-01'");
        assertThat(c.sql()).contains(" OR ", "NOT (", "list_contains", ">= ? AND", "TRY_CAST(? AS TIMESTAMP)");
        assertThat(c.parameters()).containsExactly("cart", "random-forest", "best", "failed", "$.f1", 0.5, "$.f1", 0.9,
                "$.numTrees", 10.0, "$.numTrees", 50.0, "2026-01-01");
        assertThat(RunFilter.compile("params.randomSplitPoints = true").parameters()).containsExactly("$.randomSplitPoints", "true");
        assertThat(RunFilter.compile("  ").sql()).isEqualTo("TRUE");
        assertThat(RunFilter.compile("run_id != 3 and metrics.log_loss <= 1e-3").parameters()).containsExactly(3.0, "$.log_loss", 1e-3);
    }

    @Test
    void userTextNeverReachesTheSql() {
        RunFilter.Compiled c = RunFilter.compile("note = \"x'; DROP TABLE run; --\"");
        assertThat(c.sql()).isEqualTo("(note = ?)");
        assertThat(c.parameters()).containsExactly("x'; DROP TABLE run; --");
    }

    @Test
    void badFiltersPointAtTheError() {
        assertError("metrics.accuracy >", 19, "expected a value after '>'");
        assertError("metrics.accuracy > 0.9 and", 27, "expected a field");
        assertError("metrics.accuracy = high", 20, "expected a number for metrics.accuracy");
        assertError("speed > 3", 1, "unknown field 'speed'");
        assertError("metrics.accuracy ~ 3", 18, "unexpected character '~'");
        assertError("(trainer = cart", 16, "expected ')' to close the '(' at column 1");
        assertError("trainer = cart)", 15, "unbalanced ')'");
        assertError("trainer = 'cart", 11, "this quote is never closed");
        assertError("tags > a", 1, "tags can only be compared");
        assertError("params.maxDepth in 3 5", 22, "expected '(' for a list or '..'");
        assertError("metrics.accuracy 0.9", 18, "expected an operator");
        assertError("trainer in 1..2", 1, "ranges need a number");
        FilterSyntaxException e = catchFilter("status = ");
        assertThat(e.getMessage()).isEqualTo("Filter error at column 10: expected a value after '='\n  status = \n           ^");
    }

    private static void assertError(String filter, int column, String reason) {
        FilterSyntaxException e = catchFilter(filter);
        assertThat(e.column()).as(filter).isEqualTo(column);
        assertThat(e.reason()).as(filter).contains(reason);
        List<String> lines = e.getMessage().lines().toList();
        assertThat(lines.get(2).indexOf('^') - 2).isEqualTo(column - 1);
    }

    private static FilterSyntaxException catchFilter(String filter) {
        return (FilterSyntaxException) Assertions.catchThrowable(() -> RunFilter.compile(filter));
    }

    @Test
    void perClassMetricsAreNamedInBracketsAndQuotedWholeInTheJsonPath() {
        RunFilter.Compiled c = RunFilter.compile("metrics.recall[rain] >= 0.5 and metrics.f1 > 0.7 and metrics.precision[3] < 1");
        assertThat(c.sql()).isEqualTo("(TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE) >= ? AND "
                + "TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE) > ? AND TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE) < ?)");
        assertThat(c.parameters()).containsExactly("$.\"recall[rain]\"", 0.5, "$.f1", 0.7, "$.\"precision[3]\"", 1.0);
        assertError("metrics.recall[rain > 1", 15, "this '[' is never closed");
        assertError("params.depth[x] = 1", 1, "unknown field 'params.depth[x]'");
    }

    @Test
    void unknownPrefixIsRejected() {
        assertThatThrownBy(() -> RunFilter.compile("foo.bar = 1")).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("use metrics.NAME or params.NAME");
    }
}
