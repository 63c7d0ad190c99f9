package kiln.ui.monitor;

import java.awt.Desktop;
import java.nio.file.Path;

/**
 * Opens a saved file in the program the desktop associates with it. The app may hand in its own
 * (e.g. {@code HostServices::showDocument}); without one the AWT desktop is asked, where it exists.
 */
public interface FileOpener {

    /** False where nothing can open files (headless, no desktop integration): the view then only names the file. */
    boolean canOpen();

    /** Opens {@code file}; may block (the caller runs it off the FX thread). */
    void open(Path file) throws Exception;

    /** The AWT desktop, when this platform has one that can open files. */
    FileOpener DESKTOP = new FileOpener() {
        @Override
        public boolean canOpen() {
            try {
                return Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
            } catch (RuntimeException | LinkageError e) {
                return false; // headless toolkits throw instead of saying no
            }
        }

        @Override
        public void open(Path file) throws Exception {
            Desktop.getDesktop().open(file.toFile());
        }
    };
}
