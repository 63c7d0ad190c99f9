package kiln.ui.data;

import java.util.List;
import java.util.Locale;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * A chart legend of colour swatches: a box for bars and areas, a stroke for lines, a dot for points,
 * each coloured by the same meaning class as its series (charts.css and data.css map them onto the
 * tokens). ChartFX's own legend draws the renderer's error-bar glyph for every series instead.
 */
final class SwatchLegend extends FlowPane {

    static final String STYLE_CLASS = "swatch-legend";
    static final String SWATCH = "swatch";

    /** The shape of a swatch. */
    enum Shape {
        BOX, LINE, DOT, BAND
    }

    /** One entry: its text, shape and the meaning or palette class that colours it. */
    record Item(String text, Shape shape, String colourClass) {
    }

    SwatchLegend() {
        super(14, 4);
        setAlignment(Pos.CENTER);
        getStyleClass().add(STYLE_CLASS);
    }

    SwatchLegend(Item... items) {
        this();
        show(List.of(items));
    }

    /** Replaces the entries (FX thread). */
    void show(List<Item> items) {
        getChildren().setAll(items.stream().map(SwatchLegend::entry).toList());
    }

    private static Label entry(Item item) {
        Region swatch = new Region();
        swatch.getStyleClass().addAll(SWATCH, "swatch-" + item.shape().name().toLowerCase(Locale.ROOT), item.colourClass());
        Label label = new Label(item.text(), swatch);
        label.setGraphicTextGap(6);
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.getStyleClass().add("swatch-legend-item");
        return label;
    }
}
