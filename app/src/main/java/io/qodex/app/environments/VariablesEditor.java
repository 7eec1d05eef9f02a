package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Variables tab's card: the rows and "Add variable". Row nodes are kept once made and recycled for the next
 * environment, like the list's cells; rows beyond the current count are hidden, not removed, so that showing them
 * again styles nothing new.
 */
final class VariablesEditor extends StackPane {

    private final VariablesModel model;
    private final boolean canEdit;
    private final VBox rows = new VBox(8);
    private final Label none = new Label("No variables yet. Built-in ones (${baseUrl}, ${apiBaseUrl}, ${authEmail}, "
            + "${authPassword} and their ${BASE_URL}-style twins) are always there.");
    private final List<VariableRow> made = new ArrayList<>();

    VariablesEditor(VariablesModel model, boolean canEdit) {
        this.model = model;
        this.canEdit = canEdit;
        setAlignment(Pos.TOP_LEFT);
        rows.setId("env-variables");
        none.setWrapText(true);
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.managedProperty().bind(none.visibleProperty());
        rows.getChildren().add(none);
        Button add = new Button("Add variable", Icons.of(Feather.PLUS));
        add.setId("env-add-variable");
        add.setDisable(!canEdit);
        add.setOnAction(e -> {
            model.add();
            made.get(model.rows().size() - 1).focusName(); // type the name at once, no error before typing
        });
        getChildren().add(Card.titled("Variables", new VBox(10, rows, add, new InlineError(model.listProblem()))));
        model.rows().addListener((ListChangeListener<VariableRowModel>) change -> showRows());
        showRows();
    }

    private void showRows() {
        List<VariableRowModel> current = model.rows();
        while (made.size() < current.size()) {
            VariableRow row = new VariableRow(made.size(), canEdit);
            made.add(row);
            rows.getChildren().add(row);
        }
        for (int i = 0; i < made.size(); i++) {
            made.get(i).show(i < current.size() ? current.get(i) : null);
        }
        none.setVisible(current.isEmpty());
    }
}
