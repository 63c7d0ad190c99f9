package kiln.ui.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

import kiln.ui.common.TaskRunner;

/**
 * Saving the Monitor report, as the user sees it: the pictures are taken on the FX thread by the view,
 * everything else (PNG encoding, HTML, the file) happens on a worker. It ends in one sentence: where
 * the report was saved (with an "Open" the view offers when the platform can open files), or what
 * went wrong and what to do about it.
 */
public final class ReportExport {

    /** A chart as drawn on screen, not yet encoded. */
    record Shot(String caption, Image image) {
    }

    private final TaskRunner runner;
    private final MonitorReportWriter writer = new MonitorReportWriter();
    private FileOpener opener = FileOpener.DESKTOP;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<Path> saved = new ReadOnlyObjectWrapper<>(this, "saved");

    ReportExport(TaskRunner runner) {
        this.runner = runner;
    }

    void setOpener(FileOpener opener) {
        this.opener = opener == null ? FileOpener.DESKTOP : opener;
    }

    FileOpener opener() {
        return opener;
    }

    /** Writes the report of {@code snapshot} with the pictures to {@code file} in the background. */
    void export(MonitorSnapshot snapshot, List<Shot> shots, Path file) {
        if (snapshot == null) {
            fail("Nothing to export yet: choose a model whose readings have been scored, then export again.");
            return;
        }
        busy.set(true);
        saved.set(null);
        failed.set(false);
        message.set("Writing the report to " + file + " …");
        Instant now = Instant.now();
        runner.submit("Writing the monitor report", sink -> {
            List<MonitorReport.Picture> pictures = new ArrayList<>();
            for (Shot shot : shots) {
                pictures.add(new MonitorReport.Picture(shot.caption(), png(shot.image())));
            }
            writer.write(new MonitorReport(snapshot.request().model(), snapshot.request().granularity().label(), now, snapshot, pictures), file);
            return file;
        }, written -> {
            busy.set(false);
            saved.set(written);
            message.set("Report saved to " + written + ".");
        }, e -> fail(FailureText.ofFile("Saving the report", file, e)));
    }

    /** Says why there is no report (e.g. a chart could not be pictured). */
    void fail(String sentence) {
        busy.set(false);
        saved.set(null);
        failed.set(true);
        message.set(sentence);
    }

    /** Opens the saved report; says so when it cannot. */
    void openSaved() {
        Path file = saved.get();
        if (file == null) {
            return;
        }
        if (!opener.canOpen()) {
            message.set("This system cannot open files from Kiln: open " + file + " in a web browser.");
            return;
        }
        runner.submit(null, sink -> {
            opener.open(file);
            return file;
        }, f -> { }, e -> message.set("Opening " + file + " did not work here: open it in a web browser instead."));
    }

    /** Forgets the last message (the user closed it). */
    void dismiss() {
        saved.set(null);
        failed.set(false);
        message.set("");
    }

    private static byte[] png(Image image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out)) {
            throw new IOException("no PNG writer is available in this Java runtime");
        }
        return out.toByteArray();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The report last saved (null while writing, after a failure or once dismissed). */
    public ReadOnlyObjectProperty<Path> savedProperty() {
        return saved.getReadOnlyProperty();
    }
}
