package kiln.ui.registry;

import java.util.List;

import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import kiln.domain.ModelVersion;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TextColumns;

/**
 * The Members section of the Registry for a model family: a search by group, an alias filter, one
 * page of members in a table, and the member actions. It holds one page only; the table's rows are
 * virtualised as any table's.
 */
final class MembersPanel {

    /** The alias filter's "any alias" choice. */
    private static final String ANY_ALIAS = "";

    @FXML
    private VBox root;
    @FXML
    private TextField searchField;
    @FXML
    private ComboBox<String> aliasBox;
    @FXML
    private Button previousButton;
    @FXML
    private Label pageLabel;
    @FXML
    private Button nextButton;
    @FXML
    private TableView<MemberRow> memberTable;
    @FXML
    private Button promoteMemberButton;
    @FXML
    private Button rollbackButton;
    @FXML
    private Button promoteFamilyButton;

    private final RegistryViewModel model;
    private final FamilyMembers members;
    private final Subscriptions subscriptions;
    private final Parent view;

    MembersPanel(RegistryViewModel model, Subscriptions subscriptions) {
        this.model = model;
        this.members = model.members();
        this.subscriptions = subscriptions;
        this.view = FxmlViews.load(this);
    }

    Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        root.visibleProperty().bind(members.familyProperty().isNotNull());
        root.managedProperty().bind(root.visibleProperty());
        searchField.textProperty().bindBidirectional(members.searchProperty());
        aliasBox.setItems(FXCollections.observableArrayList(ANY_ALIAS, ModelVersion.PRODUCTION, ModelVersion.CHALLENGER, ModelVersion.ARCHIVED));
        aliasBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String alias) {
                return alias == null || alias.isEmpty() ? "Any alias" : alias;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        aliasBox.setValue(ANY_ALIAS);
        subscriptions.onChange(aliasBox.valueProperty(), (obs, old, a) -> members.aliasFilterProperty().set(a == null || a.isEmpty() ? null : a));
        subscriptions.onChange(members.aliasFilterProperty(), (obs, old, a) -> aliasBox.setValue(a == null ? ANY_ALIAS : a));
        pageLabel.textProperty().bind(members.pageTextProperty());
        buildTable();
        previousButton.disableProperty().bind(members.hasPreviousProperty().not());
        nextButton.disableProperty().bind(members.hasNextProperty().not());
        for (Button b : List.of(promoteMemberButton, rollbackButton)) {
            b.disableProperty().bind(members.selectedProperty().isNull());
        }
        subscriptions.onChange(members.selectedProperty(), (obs, old, row) -> {
            if (row != memberTable.getSelectionModel().getSelectedItem()) {
                if (row == null) {
                    memberTable.getSelectionModel().clearSelection();
                } else {
                    memberTable.getSelectionModel().select(row);
                }
            }
        });
        subscriptions.onChange(memberTable.getSelectionModel().selectedItemProperty(), (obs, old, row) -> {
            if (row != null) {
                members.selectedProperty().set(row);
            }
        });
        subscriptions.add(() -> {
            root.visibleProperty().unbind();
            root.managedProperty().unbind();
            searchField.textProperty().unbindBidirectional(members.searchProperty());
            pageLabel.textProperty().unbind();
            previousButton.disableProperty().unbind();
            nextButton.disableProperty().unbind();
            memberTable.setItems(FXCollections.observableArrayList());
            for (Button b : List.of(promoteMemberButton, rollbackButton)) {
                b.disableProperty().unbind();
            }
        });
    }

    private void buildTable() {
        memberTable.setItems(members.rows());
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.when(members.busyProperty()).then("Loading members…")
                .otherwise(members.pageTextProperty()));
        subscriptions.add(() -> placeholder.textProperty().unbind());
        memberTable.setPlaceholder(placeholder);
        memberTable.getColumns().setAll(List.of(
                TextColumns.of("Group", MemberRow::group),
                TextColumns.of("Version", MemberRow::label),
                RegistryColumns.alias(MemberRow::alias),
                TextColumns.of("Run", MemberRow::runText),
                TextColumns.of("Trainer", MemberRow::trainer),
                TextColumns.of("Accuracy", (MemberRow r) -> r.metric(RegistryViewModel.RANKING_METRIC)),
                TextColumns.of("Registered (UTC)", MemberRow::registered),
                TextColumns.of("Promoted (UTC)", MemberRow::promoted)));
        // sorting would order one page only: the pages come ordered by group
        memberTable.getColumns().forEach(c -> c.setSortable(false));
        memberTable.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        ColumnHeaders.keepWhole(memberTable, RegistryView.VALUE_WIDTH_CAP, subscriptions);
    }

    @FXML
    private void previousPage() {
        members.previousPage();
    }

    @FXML
    private void nextPage() {
        members.nextPage();
    }

    @FXML
    private void promoteMember() {
        model.requestMemberPromotion(members.selectedProperty().get());
    }

    @FXML
    private void rollback() {
        model.requestRollback(members.selectedProperty().get());
    }

    @FXML
    private void promoteFamily() {
        model.requestFamilyPromotion();
    }

    TableView<MemberRow> table() {
        return memberTable;
    }
}
