package kiln.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Loads {@code X.fxml} that sits next to controller class {@code X} on the class path. */
public final class FxmlViews {

    private FxmlViews() {}

    /** Loads the FXML named after the controller's class, wiring the given controller instance. */
    public static <C> Parent load(C controller) {
        Class<?> type = controller.getClass();
        URL url = type.getResource(type.getSimpleName() + ".fxml");
        if (url == null) {
            throw new IllegalStateException("No FXML next to " + type.getName() + " (expected " + type.getSimpleName() + ".fxml)");
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(requested -> {
            if (requested.isInstance(controller)) {
                return controller;
            }
            throw new IllegalStateException("FXML " + url + " asks for controller " + requested.getName());
        });
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + url, e);
        }
    }
}
