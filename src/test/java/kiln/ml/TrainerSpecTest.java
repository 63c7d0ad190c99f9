package kiln.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TrainerSpecTest {

    @Test
    void everyTrainerHasDefaultsInsideItsRangesAndBuilds() {
        assertThat(Trainers.all()).extracting(TrainerSpec::name)
                .containsExactly("cart", "random-forest", "extra-trees", "logistic-regression");
        for (TrainerSpec spec : Trainers.all()) {
            Map<String, Object> defaults = spec.resolve(Map.of());
            assertThat(defaults.keySet()).containsExactlyInAnyOrderElementsOf(spec.params().stream().map(ParamSpec::name).toList());
            assertThat(Trainers.create(spec.name(), defaults, 1)).isNotNull();
        }
        assertThat(Trainers.spec("random-forest").param("numTrees").type()).isEqualTo(ParamSpec.Type.INT);
    }

    @Test
    void valuesAreCoercedAndCheckedAndUnknownNamesRejected() {
        TrainerSpec cart = Trainers.spec("cart");
        Map<String, Object> p = cart.resolve(Map.of("maxDepth", "7", "randomSplitPoints", "true", "featureFraction", 0.5));
        assertThat(p).containsEntry("maxDepth", 7).containsEntry("randomSplitPoints", true).containsEntry("featureFraction", 0.5);
        assertThat(new ArrayList<>(p.keySet())).isSorted();
        assertThatThrownBy(() -> cart.resolve(Map.of("maxDepth", 0))).hasMessage("maxDepth must be between 1 and 64, not 0");
        assertThatThrownBy(() -> cart.resolve(Map.of("maxDepth", 2.5))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> cart.resolve(Map.of("depth", 3))).hasMessageContaining("has no parameter depth");
        assertThatThrownBy(() -> Trainers.spec("svm")).hasMessageContaining("known: [cart");
    }
}
