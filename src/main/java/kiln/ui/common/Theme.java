package kiln.ui.common;

import java.util.List;
import java.util.Objects;

import javafx.scene.Scene;

/** Light, dark and presentation themes: a token sheet plus the shared application sheets. */
public enum Theme {
    LIGHT("Light", "tokens.css"), DARK("Dark", "tokens-dark.css"),
    /** Light colours, larger type: for projectors and training sessions. */
    PRESENTATION("Presentation", "tokens.css");

    private static final String STYLES = "/kiln/styles/";
    private final String label;
    private final String tokens;

    Theme(String label, String tokens) {
        this.label = label;
        this.tokens = tokens;
    }

    public String label() {
        return label;
    }

    /** Stylesheets in order: tokens first, then the app sheet, then one per screen. */
    public List<String> stylesheets() {
        return this == PRESENTATION
                ? List.of(url(tokens), url("app.css"), url("charts.css"), url("presentation.css"))
                : List.of(url(tokens), url("app.css"), url("charts.css"));
    }

    /** Replaces the scene's Kiln sheets with this theme's, keeping any others. */
    public void applyTo(Scene scene) {
        scene.getStylesheets().removeIf(s -> s.contains("/kiln/styles/"));
        scene.getStylesheets().addAll(0, stylesheets());
    }

    /** The URL of a sheet under styles/, e.g. a screen's own. */
    public static String url(String file) {
        return Objects.requireNonNull(Theme.class.getResource(STYLES + file), "missing stylesheet " + file).toExternalForm();
    }

    public static Theme fromName(String name) {
        for (Theme t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return LIGHT;
    }
}
