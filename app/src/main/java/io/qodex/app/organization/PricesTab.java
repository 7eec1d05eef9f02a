package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Tables;
import io.qodex.domain.llm.ModelPrice;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The prices tab: the prices in force today, and a form that sets one (choosing a row fills it in). */
final class PricesTab {

    private PricesTab() {
    }

    static Node create(PricesViewModel model) {
        TableView<ModelPrice> prices = new TableView<>(model.current());
        prices.setId("org-prices");
        prices.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        prices.setPlaceholder(new Label("Loading prices…"));
        model.loadedProperty().addListener((obs, old, loaded) -> prices.setPlaceholder(
                new Label("No prices: every call would be refused for want of one.")));
        prices.getColumns().setAll(List.of(Tables.text("Model", 160, ModelPrice::model),
                Tables.text("Input", 80, p -> p.input().display()), Tables.text("Output", 80, p -> p.output().display()),
                Tables.text("Cached input", 120, p -> p.cachedInput().display()),
                Tables.text("Valid from", 100, p -> p.validFrom().toString())));
        VBox.setVgrow(prices, Priority.ALWAYS);
        prices.getSelectionModel().selectedItemProperty().addListener((obs, old, price) -> {
            if (price != null) {
                model.edit(price);
            }
        });
        TextField name = field("org-price-model", "gpt-4o-mini", 11, model.modelProperty());
        TextField input = field("org-price-input", "0.15", 5, model.inputProperty());
        TextField output = field("org-price-output", "0.60", 5, model.outputProperty());
        TextField cached = field("org-price-cached", "= input", 5, model.cachedInputProperty());
        Button save = new Button("Set price", Icons.of(Feather.SAVE));
        save.setId("org-price-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(model.canSetProperty().not());
        save.setOnAction(e -> model.setPrice());
        Label priceMessage = FeedbackLine.bound("org-price-message", model.feedbackProperty());
        HBox form = new HBox(8, labelled("Model", name), labelled("Input $/M", input), labelled("Output $/M", output),
                labelled("Cached $/M", cached), labelled(" ", save));
        form.setAlignment(Pos.BOTTOM_LEFT);
        Label note = new Label("USD per million tokens. A new price applies from today; calls already logged keep "
                + "their cost.");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setWrapText(true);
        VBox box = new VBox(10, prices, form, priceMessage, note);
        box.setStyle("-fx-padding: 14 4 4 4;");
        return box;
    }

    private static TextField field(String id, String prompt, int columns, StringProperty text) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(columns);
        field.textProperty().bindBidirectional(text);
        return field;
    }

    private static VBox labelled(String text, Node input) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        label.setMinWidth(Region.USE_PREF_SIZE);
        if (input instanceof Control control) {
            control.setMinWidth(Region.USE_PREF_SIZE);
        }
        return new VBox(4, label, input);
    }
}
