package kiln.ui.registry;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import kiln.domain.ModelEvent;
import kiln.domain.Run;
import kiln.ui.chart.ChartPanel;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;

/** The Registry workspace's view: binds controls to the {@link RegistryViewModel} and draws the production timeline. */
public final class RegistryView {

    static final String GATE_FAILED = "gate-failed";
    /** Columns widen to their values up to this width; longer ones (parameters, notes) are cut and scroll. */
    static final double VALUE_WIDTH_CAP = 260;
    /** The model box's width while every model is plain (a family's entry is longer). */
    private static final double MODEL_BOX_WIDTH = 160;
    private static final double VERSIONS_HEIGHT = 220;
    private static final double FAMILY_VERSIONS_HEIGHT = 130;

    @FXML
    private BorderPane root;
    @FXML
    private ComboBox<String> modelBox;
    @FXML
    private Label gateLabel;
    @FXML
    private Label statusLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private ComboBox<Run> runBox;
    @FXML
    private TextField registerNoteField;
    @FXML
    private Button registerButton;
    @FXML
    private TableView<VersionRow> versionTable;
    @FXML
    private Button promoteButton;
    @FXML
    private Button challengerButton;
    @FXML
    private Button demoteButton;
    @FXML
    private Button archiveButton;
    @FXML
    private Button exportButton;
    @FXML
    private TextField actionNoteField;
    @FXML
    private VBox confirmPane;
    @FXML
    private ScrollPane actionsScroll;
    @FXML
    private Label confirmLabel;
    @FXML
    private TextArea confirmNoteArea;
    @FXML
    private TextField effectiveFromField;
    @FXML
    private Label effectiveFromLabel;
    @FXML
    private Label confirmNoteLabel;
    @FXML
    private Label effectiveProblemLabel;
    @FXML
    private Label effectiveHintLabel;
    @FXML
    private Button confirmButton;
    @FXML
    private TextArea lineageArea;
    @FXML
    private StackPane timelineHolder;
    @FXML
    private TableView<ModelEvent> eventTable;
    @FXML
    private Region familyRegistrationSlot;
    @FXML
    private Region membersSlot;
    @FXML
    private Label versionsTitle;
    @FXML
    private Label focusLabel;

    private final RegistryViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Parent view;
    private final ProductionTimelineChart timeline = new ProductionTimelineChart(subscriptions);
    /** Chooses files for export and import; tests replace it to avoid native dialogs. */
    private Function<Boolean, Path> fileChooser = this::chooseFile;
    private MembersPanel membersPanel;
    /** Whether the history and timeline show a family member's (chosen in the Members table) rather than the model's. */
    private boolean memberFocused;

    public RegistryView(RegistryViewModel model) {
        this.model = model;
        this.view = FxmlViews.load(this);
        view.getStylesheets().add(Theme.url("registry.css"));
    }

    public Parent root() {
        return view;
    }

    /** Replaces the file chooser ({@code true} asks where to save, {@code false} which file to open). */
    public void setFileChooser(Function<Boolean, Path> chooser) {
        this.fileChooser = chooser;
    }

    @FXML
    private void initialize() {
        modelBox.setItems(model.models());
        showFamilies(model.familySizesProperty().get());
        subscriptions.onChange(model.familySizesProperty(), (obs, old, sizes) -> showFamilies(sizes));
        modelBox.valueProperty().bindBidirectional(model.modelProperty());
        runBox.setItems(model.finishedRuns());
        runBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Run r) {
                // parameters are in the tooltip and the Experiments table: the box shows what picks a run
                return r == null ? "" : String.format(Locale.ROOT, "run %d · %s · %.4f", r.runId(), r.trainer(),
                        r.metric(RegistryViewModel.RANKING_METRIC));
            }

            @Override
            public Run fromString(String s) {
                return null;
            }
        });
        runBox.valueProperty().bindBidirectional(model.runToRegisterProperty());
        gateLabel.textProperty().bind(model.gateTextProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        RegistryColumns.versions(versionTable, model.versions(), subscriptions);
        RegistryColumns.events(eventTable, model.events(), subscriptions);
        ChartPanel timelinePanel = new ChartPanel("Production timeline", "registry-timeline", timeline.node(), timeline::writeCsv);
        timelineHolder.getChildren().setAll(timelinePanel);
        bindConfirmation();
        registerButton.disableProperty().bind(runBox.valueProperty().isNull());
        for (Button b : List.of(promoteButton, challengerButton, demoteButton, archiveButton, exportButton)) {
            b.disableProperty().bind(model.selectedProperty().isNull());
        }
        subscriptions.onChange(model.selectedProperty(), (obs, old, row) -> {
            if (!memberFocused) {
                lineageArea.setText(row == null ? "" : row.lineage());
            }
            if (row != null && versionTable.getSelectionModel().getSelectedItem() != row) {
                versionTable.getSelectionModel().select(row);
            }
        });
        subscriptions.onChange(versionTable.getSelectionModel().selectedItemProperty(), (obs, old, row) -> {
            if (row != null) {
                model.selectedProperty().set(row);
            }
        });
        subscriptions.onChange(model.pendingPromotionProperty(), (obs, old, p) -> showConfirmation(p));
        subscriptions.onChange(model.lanesProperty(), (obs, old, lanes) -> {
            if (!memberFocused) {
                timeline.show(lanes);
            }
        });
        bindFamily();
        subscriptions.onChange(runBox.valueProperty(), (obs, old, r) -> runBox.setTooltip(r == null ? null
                : new Tooltip("run " + r.runId() + " " + r.trainer() + " " + (r.params() == null ? "" : r.params()))));
        subscriptions.add(() -> {
            modelBox.valueProperty().unbindBidirectional(model.modelProperty());
            runBox.valueProperty().unbindBidirectional(model.runToRegisterProperty());
            modelBox.setItems(FXCollections.observableArrayList());
            runBox.setItems(FXCollections.observableArrayList());
            versionTable.setItems(FXCollections.observableArrayList());
            eventTable.setItems(FXCollections.observableArrayList());
            gateLabel.textProperty().unbind();
            statusLabel.textProperty().unbind();
            errorLabel.textProperty().unbind();
            registerButton.disableProperty().unbind();
            for (Button b : List.of(promoteButton, challengerButton, demoteButton, archiveButton, exportButton)) {
                b.disableProperty().unbind();
            }
        });
        timeline.show(model.lanesProperty().get());
    }

    /**
     * A family shows its Members section; choosing a member shows its lineage, and its history and
     * production timeline in place of the pooled member's.
     */
    private void bindFamily() {
        membersPanel = new MembersPanel(model, subscriptions);
        replace(membersSlot, membersPanel.root());
        VBox.setVgrow(membersPanel.root(), Priority.ALWAYS);
        replace(familyRegistrationSlot, new FamilyRegistrationPane(model, subscriptions).root());
        FamilyMembers members = model.members();
        subscriptions.onChange(members.selectedProperty(), (obs, old, row) -> focus(row));
        // going to the pooled member's versions (a click, even on the chosen row, or the keyboard) leaves the member
        subscriptions.onChange(versionTable.focusedProperty(), (obs, was, now) -> {
            if (now) {
                members.selectedProperty().set(null);
            }
        });
        subscriptions.onChange(members.lanesProperty(), (obs, old, lanes) -> {
            if (memberFocused) {
                timeline.show(lanes);
            }
        });
        subscriptions.onChange(members.familyProperty(), (obs, old, family) -> focus(members.selectedProperty().get()));
        focus(null);
    }

    /** The model list marks families with their member count; a family's longer name widens the box rather than being cut. */
    private void showFamilies(Map<String, Long> sizes) {
        // a new converter redraws the list and the box, whose text changes when a family's size does
        modelBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String name) {
                Long members = name == null ? null : sizes.get(name);
                return name == null ? "" : members == null ? name : String.format(Locale.ROOT, "%s — family, %,d members", name, members);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        modelBox.setPrefWidth(sizes.isEmpty() ? MODEL_BOX_WIDTH : Region.USE_COMPUTED_SIZE);
    }

    private static void replace(Region slot, Parent with) {
        Pane parent = (Pane) slot.getParent();
        parent.getChildren().set(parent.getChildren().indexOf(slot), with);
    }

    private void focus(MemberRow member) {
        memberFocused = member != null;
        boolean family = model.members().familyProperty().get() != null;
        versionsTitle.setText(family ? "Pooled member (serves groups without a member of their own): its versions" : "Versions");
        // a family's pooled member has few versions: its members get the room
        versionTable.setPrefHeight(family ? FAMILY_VERSIONS_HEIGHT : VERSIONS_HEIGHT);
        VBox.setVgrow(versionTable, family ? Priority.NEVER : Priority.ALWAYS);
        focusLabel.setVisible(family);
        focusLabel.setManaged(family);
        focusLabel.setText(member == null ? "History and production timeline of the pooled member; choose a member below for its own."
                : "History and production timeline of " + (member.pooled() ? "the pooled scope" : "group " + member.group())
                        + " (member " + member.label() + ")");
        eventTable.setItems(memberFocused ? model.members().events() : model.events());
        timeline.show(memberFocused ? model.members().lanesProperty().get() : model.lanesProperty().get());
        VersionRow version = model.selectedProperty().get();
        lineageArea.setText(memberFocused ? member.lineage() : version == null ? "" : version.lineage());
    }

    /** The confirmation's "effective from" field is checked as typed; Confirm waits for a valid time. */
    private void bindConfirmation() {
        PromotionConfirmation c = model.confirmation();
        effectiveFromLabel.setLabelFor(effectiveFromField);
        confirmNoteLabel.setLabelFor(confirmNoteArea);
        effectiveFromField.textProperty().bindBidirectional(c.effectiveFromTextProperty());
        effectiveProblemLabel.textProperty().bind(c.problemProperty());
        effectiveHintLabel.textProperty().bind(c.hintProperty());
        effectiveProblemLabel.visibleProperty().bind(c.problemProperty().isNotEmpty());
        effectiveProblemLabel.managedProperty().bind(effectiveProblemLabel.visibleProperty());
        confirmButton.disableProperty().bind(c.problemProperty().isNotEmpty());
        subscriptions.add(() -> {
            effectiveFromField.textProperty().unbindBidirectional(c.effectiveFromTextProperty());
            effectiveProblemLabel.textProperty().unbind();
            effectiveHintLabel.textProperty().unbind();
            effectiveProblemLabel.visibleProperty().unbind();
            effectiveProblemLabel.managedProperty().unbind();
            confirmButton.disableProperty().unbind();
        });
    }

    private void showConfirmation(PendingPromotion p) {
        boolean show = p != null;
        confirmPane.setVisible(show);
        confirmPane.setManaged(show);
        confirmPane.getStyleClass().remove(GATE_FAILED);
        if (show) {
            confirmLabel.setText(p.describe());
            if (p.gateFailed()) {
                confirmPane.getStyleClass().add(GATE_FAILED);
            }
            confirmNoteArea.clear();
            confirmNoteArea.requestFocus();
            // on a short window the pane opens below the fold: bring it into view
            actionsScroll.layout();
            double hidden = actionsScroll.getContent().getBoundsInLocal().getHeight() - actionsScroll.getViewportBounds().getHeight();
            if (hidden > 0) {
                double bottom = confirmPane.getBoundsInParent().getMaxY() - actionsScroll.getViewportBounds().getHeight();
                actionsScroll.setVvalue(Math.max(0, Math.min(1, bottom / hidden)));
            }
        }
    }

    @FXML
    private void openFamilyRegistration() {
        model.familyRegistration().open();
    }

    @FXML
    private void refresh() {
        model.refresh();
    }

    @FXML
    private void register() {
        model.register(model.runToRegisterProperty().get(), registerNoteField.getText());
        registerNoteField.clear();
    }

    @FXML
    private void promote() {
        model.requestPromotion(model.selectedProperty().get());
    }

    @FXML
    private void confirmPromotion() {
        model.confirmPromotion(confirmNoteArea.getText());
    }

    @FXML
    private void cancelPromotion() {
        model.cancelPromotion();
    }

    @FXML
    private void makeChallenger() {
        model.makeChallenger(model.selectedProperty().get(), takeActionNote());
    }

    @FXML
    private void demote() {
        model.demote(model.selectedProperty().get(), takeActionNote());
    }

    @FXML
    private void archive() {
        model.archive(model.selectedProperty().get(), takeActionNote());
    }

    @FXML
    private void exportVersion() {
        Path file = fileChooser.apply(true);
        if (file != null) {
            model.exportVersion(model.selectedProperty().get(), file);
        }
    }

    @FXML
    private void importFile() {
        Path file = fileChooser.apply(false);
        if (file != null) {
            model.importFile(file);
        }
    }

    private String takeActionNote() {
        String note = actionNoteField.getText();
        actionNoteField.clear();
        return note;
    }

    private Path chooseFile(boolean save) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Kiln model file", "*.kiln-model", "*.zip"));
        VersionRow row = model.selectedProperty().get();
        if (save && row != null) {
            chooser.setInitialFileName(row.version().modelName() + "-v" + row.version().version() + ".kiln-model");
        }
        File f = save ? chooser.showSaveDialog(view.getScene().getWindow()) : chooser.showOpenDialog(view.getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** The Members table (tests page and pick members in it). */
    TableView<MemberRow> memberTable() {
        return membersPanel.table();
    }

    /** The production timeline (tests check its lanes and labels). */
    ProductionTimelineChart timeline() {
        return timeline;
    }

    public void dispose() {
        subscriptions.dispose();
    }
}
