package kiln.ui.monitor;

import java.util.List;
import java.util.Locale;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;

/**
 * The row of figures at the top of the Monitor ({@link MonitorHealth}): one chip per figure,
 * coloured by its level from the band tokens, with what it means in a tooltip. Chips are reused
 * while the figures keep their order; only their texts and classes change.
 */
final class HealthStrip {

    static final String CHIP = "health-chip";
    private static final List<String> LEVEL_CLASSES = List.of("health-ok", "health-warn", "health-bad", "health-neutral");

    private final FlowPane root = new FlowPane(6, 4);

    HealthStrip() {
        root.getStyleClass().add("health-strip");
        root.setId("health-strip");
    }

    FlowPane root() {
        return root;
    }

    void show(MonitorHealth health) {
        List<MonitorHealth.Item> items = health.items();
        while (root.getChildren().size() > items.size()) {
            root.getChildren().remove(root.getChildren().size() - 1);
        }
        while (root.getChildren().size() < items.size()) {
            Label chip = new Label();
            chip.getStyleClass().add(CHIP);
            chip.setTooltip(new Tooltip());
            chip.setMinWidth(Label.USE_PREF_SIZE); // a chip wraps to the next row rather than lose its text
            root.getChildren().add(chip);
        }
        for (int i = 0; i < items.size(); i++) {
            MonitorHealth.Item item = items.get(i);
            Label chip = (Label) root.getChildren().get(i);
            chip.setId("health-" + item.id());
            if (!item.text().equals(chip.getText())) {
                chip.setText(item.text());
            }
            chip.getTooltip().setText(item.tooltip());
            String level = "health-" + item.level().name().toLowerCase(Locale.ROOT);
            if (!chip.getStyleClass().contains(level)) {
                chip.getStyleClass().removeAll(LEVEL_CLASSES);
                chip.getStyleClass().add(level);
            }
        }
    }
}
