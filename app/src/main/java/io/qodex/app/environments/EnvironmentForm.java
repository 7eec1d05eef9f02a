package io.qodex.app.environments;

import atlantafx.base.controls.ToggleSwitch;
import io.qodex.app.common.FormField;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** The General tab: where the environment is (name, URLs), how it looks, and its safety constraints. */
final class EnvironmentForm extends VBox {

    private final boolean canEdit;

    EnvironmentForm(EnvironmentFormModel model, boolean canEdit) {
        super(16);
        this.canEdit = canEdit;
        TextField name = field("env-name", model.name());
        TextField baseUrl = field("env-base-url", model.baseUrl());
        TextField apiBaseUrl = field("env-api-base-url", model.apiBaseUrl());
        // placeholders of the environment's kind: a production one is not shown a staging address
        baseUrl.promptTextProperty().bind(Bindings.createStringBinding(() -> UrlExamples.baseUrl(model.preset().get()),
                model.preset()));
        apiBaseUrl.promptTextProperty().bind(Bindings.createStringBinding(
                () -> UrlExamples.apiBaseUrl(model.preset().get()), model.preset()));
        ColorField color = new ColorField(model.color());
        color.setDisable(!canEdit);
        TextField label = field("env-label", model.label());
        label.setPromptText("e.g. PROD, EU");
        TextField rate = field("env-max-rps", model.maxRequestsPerSecond());
        rate.setPrefColumnCount(6);

        GridPane urls = new GridPane();
        urls.setHgap(12);
        urls.setVgap(10);
        urls.add(new FormField("Name", name, model.problem("name")), 0, 0, 2, 1);
        urls.add(new FormField("Base URL", baseUrl, model.problem("baseUrl")), 0, 1, 2, 1);
        urls.add(new FormField("API base URL", apiBaseUrl, model.problem("apiBaseUrl"),
                "Leave empty if the API is on the base URL."), 0, 2, 2, 1);
        urls.add(new FormField("Colour", color, model.problem("color")), 0, 3);
        urls.add(new FormField("Label", label, model.problem("label")), 1, 3);
        urls.getColumnConstraints().addAll(half(), half());
        VBox constraints = new VBox(10,
                toggle("env-read-only", "Read-only (no write verbs)", model.readOnly()),
                new FormField("Max requests per second (1-1000)", rate, model.problem("maxRequestsPerSecond")),
                toggle("env-destructive", "Allow destructive tests", model.allowDestructiveTests()),
                toggle("env-security", "Allow security testing", model.allowSecurityTesting()));
        ToggleSwitch productionLike = toggle("env-production-like", "Production-like (marked red everywhere)",
                model.productionLike());
        getChildren().addAll(Card.titled("Where it is", urls), Card.titled("How it looks", productionLike),
                Card.titled("Safety constraints", constraints));
    }

    private TextField field(String id, StringProperty text) {
        TextField field = new TextField();
        field.setId(id);
        field.setDisable(!canEdit);
        field.textProperty().bindBidirectional(text);
        return field;
    }

    private ToggleSwitch toggle(String id, String label, BooleanProperty on) {
        ToggleSwitch toggle = new ToggleSwitch(label);
        toggle.setId(id);
        toggle.setDisable(!canEdit);
        toggle.selectedProperty().bindBidirectional(on);
        return toggle;
    }

    private static ColumnConstraints half() {
        ColumnConstraints column = new ColumnConstraints();
        column.setPercentWidth(50);
        return column;
    }
}
