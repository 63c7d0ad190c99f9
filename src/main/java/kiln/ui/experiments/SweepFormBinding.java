package kiln.ui.experiments;

import java.time.format.DateTimeFormatter;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.Property;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.util.converter.LocalDateStringConverter;

import kiln.ml.SplitSpec;
import kiln.ui.common.Subscriptions;

/**
 * Binds the sweep form's controls (data set, ISO-dated window, features, trainers with their
 * parameter fields, search, split, workers, metric) to a {@link SweepForm}; every binding is undone
 * by the owner's {@link Subscriptions}.
 */
final class SweepFormBinding {

    /** The date format of every date Kiln shows. */
    static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    /** The controls of the form, as the FXML view holds them. */
    record Controls(ComboBox<String> dataset, DatePicker from, DatePicker to, FlowPane features, VBox trainers,
            ComboBox<SweepForm.Search> search, Spinner<Integer> samples, TextField seed, ComboBox<SplitSpec.Kind> split,
            Label splitArgument, Spinner<Integer> testPercent, Spinner<Integer> folds, Spinner<Integer> workers,
            ComboBox<String> metric) {
    }

    private final SweepForm form;
    private final Controls c;
    private final Subscriptions subscriptions;

    SweepFormBinding(SweepForm form, Controls controls, Subscriptions subscriptions) {
        this.form = form;
        this.c = controls;
        this.subscriptions = subscriptions;
    }

    void bind(ObservableList<String> datasets) {
        c.dataset().setItems(datasets);
        bindBoth(c.dataset().valueProperty(), form.datasetProperty());
        isoDates(c.from());
        isoDates(c.to());
        bindBoth(c.from().valueProperty(), form.fromProperty());
        bindBoth(c.to().valueProperty(), form.toProperty());
        subscriptions.onListChange(form.features(), ch -> showFeatures());
        showFeatures();
        form.trainers().forEach(t -> c.trainers().getChildren().add(trainerEditor(t)));

        c.search().setItems(FXCollections.observableArrayList(SweepForm.Search.values()));
        bindBoth(c.search().valueProperty(), form.searchProperty());
        bindSpinner(c.samples(), 1, 10_000, form.samplesProperty());
        bindBoth(c.seed().textProperty(), form.seedProperty());
        c.split().setItems(FXCollections.observableArrayList(SplitSpec.Kind.values()));
        c.split().setConverter(new StringConverter<>() {
            @Override
            public String toString(SplitSpec.Kind k) {
                return k == null ? "" : switch (k) {
                    case RANDOM -> "Random hold-out (seeded)";
                    case TIME -> "Time hold-out (last part)";
                    case KFOLD -> "k-fold cross-validation";
                };
            }

            @Override
            public SplitSpec.Kind fromString(String s) {
                return null;
            }
        });
        bindBoth(c.split().valueProperty(), form.splitProperty());
        bindSpinner(c.testPercent(), 1, 99, form.testPercentProperty());
        bindSpinner(c.folds(), 2, 100, form.foldsProperty());
        bindSpinner(c.workers(), 1, 64, form.workersProperty());
        subscriptions.onChange(form.splitProperty(), (o, a, k) -> showSplitArgument(k));
        showSplitArgument(form.splitProperty().get());
        c.samples().disableProperty().bind(form.searchProperty().isNotEqualTo(SweepForm.Search.RANDOM));
        subscriptions.add(c.samples().disableProperty()::unbind);
        c.metric().setItems(FXCollections.observableArrayList(SweepForm.METRICS));
        bindBoth(c.metric().valueProperty(), form.metricProperty());
    }

    /** yyyy-MM-dd, typed or picked, like every other date in Kiln (the locale's default here was 7/1/2019). */
    static void isoDates(DatePicker picker) {
        picker.setConverter(new LocalDateStringConverter(ISO_DATE, ISO_DATE));
        picker.setPromptText("yyyy-MM-dd");
    }

    private <T> void bindBoth(Property<T> control, Property<T> property) {
        control.bindBidirectional(property);
        subscriptions.add(() -> control.unbindBidirectional(property));
    }

    private void bindSpinner(Spinner<Integer> spinner, int min, int max, ObjectProperty<Integer> property) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max,
                property.get() == null ? min : property.get());
        spinner.setValueFactory(factory);
        bindBoth(factory.valueProperty(), property);
    }

    private void showSplitArgument(SplitSpec.Kind kind) {
        boolean kfold = kind == SplitSpec.Kind.KFOLD;
        c.splitArgument().setText(kfold ? "Folds" : "Test %");
        c.testPercent().setVisible(!kfold);
        c.folds().setVisible(kfold);
    }

    private void showFeatures() {
        c.features().getChildren().clear();
        for (SweepForm.FeatureChoice f : form.features()) {
            CheckBox box = new CheckBox(f.name());
            box.setId("feature-" + f.name());
            box.setMinWidth(Region.USE_PREF_SIZE);
            box.selectedProperty().bindBidirectional(f.selectedProperty());
            c.features().getChildren().add(box);
        }
    }

    /** A trainer's tick box and, under it, one text field per parameter, from its TrainerSpec. */
    private VBox trainerEditor(TrainerChoice t) {
        CheckBox enabled = new CheckBox(t.spec().title());
        enabled.setId("trainer-" + t.spec().name());
        enabled.setTooltip(new Tooltip(t.spec().description()));
        enabled.setMinWidth(Region.USE_PREF_SIZE);
        enabled.selectedProperty().bindBidirectional(t.enabledProperty());
        GridPane params = new GridPane();
        params.setHgap(6);
        params.setVgap(3);
        params.getStyleClass().add("trainer-params");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        params.getColumnConstraints().addAll(labels, fields);
        int row = 0;
        for (ParamField p : t.params()) {
            Label name = new Label(p.spec().name());
            name.setMinWidth(Region.USE_PREF_SIZE); // "randomSplitPoints" was cut to "randomSplitPo…"
            name.setTooltip(new Tooltip(p.spec().description()));
            TextField field = new TextField();
            field.setId("param-" + t.spec().name() + "-" + p.spec().name());
            field.setPromptText(p.prompt());
            field.setTooltip(new Tooltip(p.spec().description() + " (" + p.prompt() + ")"));
            field.textProperty().bindBidirectional(p.textProperty());
            params.addRow(row++, name, field);
        }
        params.visibleProperty().bind(t.enabledProperty());
        params.managedProperty().bind(t.enabledProperty());
        return new VBox(2, enabled, params);
    }
}
