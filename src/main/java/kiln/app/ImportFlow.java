package kiln.app;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.monitor.MonitorService;
import kiln.ops.CatchUpAfterImport;
import kiln.store.KilnStore;
import kiln.store.ingest.ImportService;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.importer.ImportWizardView;
import kiln.ui.importer.ImportWizardViewModel;
import kiln.ui.shell.ShellViewModel;

/**
 * The window's import: picks files, asks one wizard per file what its columns are and where they go,
 * imports them in the background, lets production models catch up, and shows what happened.
 */
final class ImportFlow {

    private final Stage stage;
    private final FxTaskRunner runner;
    private final ShellViewModel shellModel;
    private final AppDialogs dialogs;
    /** The open database and its monitor (either may be null): read when needed, as a database may open meanwhile. */
    private final Supplier<KilnStore> store;
    private final Supplier<MonitorService> monitor;
    /** Rebuilds the workspaces so every screen sees the new data sets and tables. */
    private final Runnable refreshWorkspaces;

    ImportFlow(Stage stage, FxTaskRunner runner, ShellViewModel shellModel, AppDialogs dialogs,
            Supplier<KilnStore> store, Supplier<MonitorService> monitor, Runnable refreshWorkspaces) {
        this.stage = stage;
        this.runner = runner;
        this.shellModel = shellModel;
        this.dialogs = dialogs;
        this.store = store;
        this.monitor = monitor;
        this.refreshWorkspaces = refreshWorkspaces;
    }

    /** Imports {@code files}, or files the user picks when it is empty, into the open database. */
    void importFiles(List<Path> files) {
        List<Path> chosen = files;
        if (chosen.isEmpty()) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Import readings or labels");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("CSV or Parquet", "*.csv", "*.tsv", "*.parquet"),
                    new FileChooser.ExtensionFilter("All files", "*.*"));
            List<File> picked = chooser.showOpenMultipleDialog(stage);
            if (picked == null || picked.isEmpty()) {
                return;
            }
            chosen = picked.stream().map(File::toPath).toList();
        }
        KilnStore current = store.get();
        if (current == null) {
            shellModel.setStatusMessage("Open a database before importing.");
            return;
        }
        // One wizard per file: which columns are what, and into which data set.
        List<ImportRequest> requests = new ArrayList<>();
        for (Path file : chosen) {
            ImportWizardViewModel wizard = new ImportWizardViewModel(runner, new ImportPort(current));
            wizard.load(file);
            try {
                Optional<ImportRequest> request = ImportWizardView.ask(stage, wizard);
                if (request.isEmpty()) {
                    return;
                }
                requests.add(request.get());
            } finally {
                wizard.dispose();
            }
        }
        ImportService service = new ImportService(current);
        MonitorService watching = monitor.get();
        runner.submit("Importing " + requests.size() + " file(s)", progress -> {
            List<ImportResult> results = new ArrayList<>();
            for (ImportRequest request : requests) {
                results.add(service.importFile(request, progress));
            }
            // production models of these data sets score what arrived, and the monitor catches up
            Map<String, Long> scored = watching == null ? Map.of() : CatchUpAfterImport.run(current, watching,
                    Instant::now, results.stream().map(ImportResult::dataset).distinct().toList(), progress);
            return new Imported(results, scored);
        }, this::showImportResults, error -> dialogs.showError("Import failed", error));
    }

    /** What an import did: the files' results and the readings production models scored after it. */
    private record Imported(List<ImportResult> results, Map<String, Long> scored) {
    }

    private void showImportResults(Imported imported) {
        StringBuilder text = new StringBuilder();
        long quarantined = 0;
        for (ImportResult r : imported.results()) {
            text.append(String.format("%s → %s: %,d rows read, %,d imported, %,d already stored, %,d set aside%n",
                    r.dataset(), r.targetTable(), r.rowsRead(), r.rowsImported(), r.rowsAlreadyStored(), r.rowsQuarantined()));
            quarantined += r.rowsQuarantined();
            r.firstBadRows().stream().limit(10).forEach(b -> text.append("   ").append(b).append('\n'));
        }
        imported.scored().forEach((model, n) -> text.append(String.format("%s: scored %,d new readings with its production version%n", model, n)));
        if (quarantined > 0) {
            text.append("\nRows set aside are kept in table import_quarantine (Data ▸ SQL, or kiln sql).");
        }
        Alert alert = new Alert(quarantined > 0 ? Alert.AlertType.WARNING : Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle("Import finished");
        alert.setHeaderText(quarantined > 0 ? "Imported, with rows set aside" : "Imported");
        TextArea area = new TextArea(text.toString());
        area.setEditable(false);
        area.setWrapText(true);
        alert.getDialogPane().setContent(area);
        alert.show();
        shellModel.setStatusMessage("Import finished");
        refreshWorkspaces.run();
    }
}
