package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.domain.llm.Funding;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** Who pays: the total, then platform-funded (capped), BYOK and the Codex pool (both exempt). */
final class SpendTiles extends HBox {

    private final Tile total = new Tile("Total", Feather.DOLLAR_SIGN, "spend-total");
    private final Tile platform = new Tile("Platform-funded", Feather.SHIELD, "spend-platform");
    private final Tile byok = new Tile("BYOK", Feather.KEY, "spend-byok");
    private final Tile pool = new Tile("Codex pool", Feather.LAYERS, "spend-codex-pool");

    SpendTiles(SpendViewModel model) {
        super(14);
        getChildren().addAll(total, platform, byok, pool);
        getChildren().forEach(tile -> HBox.setHgrow(tile, Priority.ALWAYS));
        model.overviewProperty().addListener((obs, old, now) -> {
            if (now != null) {
                show(now);
            }
        });
    }

    private void show(SpendViewModel.Overview overview) {
        total.show(TileFigures.of(overview.total()));
        platform.show(TileFigures.of(overview.totals(Funding.PLATFORM), "counts against the caps"));
        byok.show(TileFigures.of(overview.totals(Funding.BYOK), "billed to the project's own key; no cap"));
        pool.show(TileFigures.of(overview.totals(Funding.CODEX_POOL), "no cap"));
    }

    /** One tile: what it counts, the amount, and the calls and tokens behind it. */
    private static final class Tile extends VBox {

        private final Label amount = new Label("…");
        private final Label detail = new Label("");

        Tile(String title, Feather icon, String amountId) {
            super(4);
            Label heading = new Label(title, Icons.of(icon, 14));
            heading.getStyleClass().add(Styles.TEXT_MUTED);
            amount.setId(amountId);
            detail.setId(amountId + "-detail");
            amount.getStyleClass().addAll(Styles.TITLE_3, "spend-amount");
            detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            detail.setWrapText(true);
            getChildren().addAll(heading, amount, detail);
            getStyleClass().addAll("card", "spend-tile");
            setMaxWidth(Double.MAX_VALUE);
            setPrefWidth(200);
        }

        void show(TileFigures figures) {
            amount.setText(figures.amount());
            detail.setText(figures.detail());
        }
    }
}
