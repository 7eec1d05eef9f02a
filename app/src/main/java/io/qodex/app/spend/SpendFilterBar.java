package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.spend.SpendRow;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/**
 * The filters of the charts, tiles and calls: project (organization-wide), model, source, outcome and funding, each
 * with an "all" choice; the choices are the range's values (docs/decisions/0012-spend-and-assistant-views.md).
 */
final class SpendFilterBar extends FlowPane {

    SpendFilterBar(SpendViewModel model) {
        super(8, 8);
        ComboBox<SpendRow> project = new ComboBox<>(model.projectChoices());
        project.setId("spend-filter-project");
        ChoiceLabels.nullable(project, row -> row == null ? "All projects" : row.label());
        project.valueProperty().bindBidirectional(model.projectFilterProperty());
        project.visibleProperty().bind(model.organizationProperty());
        project.managedProperty().bind(project.visibleProperty());
        ComboBox<String> models = new ComboBox<>(model.modelChoices());
        models.setId("spend-filter-model");
        ChoiceLabels.nullable(models, value -> value == null ? "All models" : value);
        models.valueProperty().bindBidirectional(model.modelProperty());
        ComboBox<String> sources = new ComboBox<>(model.sourceChoices());
        sources.setId("spend-filter-source");
        ChoiceLabels.nullable(sources, value -> value == null ? "All sources" : value);
        sources.valueProperty().bindBidirectional(model.sourceProperty());
        ComboBox<CallOutcome> outcome = new ComboBox<>();
        outcome.setId("spend-filter-outcome");
        outcome.getItems().add(null);
        outcome.getItems().addAll(CallOutcome.values());
        ChoiceLabels.nullable(outcome, o -> o == null ? "All outcomes" : o.code());
        outcome.valueProperty().bindBidirectional(model.outcomeProperty());
        ComboBox<Funding> funding = new ComboBox<>();
        funding.setId("spend-filter-funding");
        funding.getItems().add(null);
        funding.getItems().addAll(Funding.values());
        ChoiceLabels.nullable(funding, f -> f == null ? "All funding" : label(f));
        funding.valueProperty().bindBidirectional(model.fundingProperty());
        Button clear = new Button("Clear filters", Icons.of(Feather.X));
        clear.setId("spend-filter-clear");
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> model.clearFilters());
        Label label = new Label("Filter", Icons.of(Feather.FILTER, 14));
        label.getStyleClass().add(Styles.TEXT_MUTED);
        getChildren().addAll(label, project, models, sources, outcome, funding, clear);
        getChildren().forEach(child -> ((Region) child).setMinWidth(Region.USE_PREF_SIZE)); // wrap, never cut
        setAlignment(Pos.CENTER_LEFT);
    }

    private static String label(Funding funding) {
        return switch (funding) {
            case PLATFORM -> "platform-funded";
            case BYOK -> "BYOK";
            case CODEX_POOL -> "Codex pool";
        };
    }
}
