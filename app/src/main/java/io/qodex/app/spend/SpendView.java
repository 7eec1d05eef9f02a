package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.qodex.app.common.Notices;
import io.qodex.app.common.Page;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.live.Change;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * {@code /p/{slug}/spend}: where LLM money goes. Tiles separate platform-funded spend (capped) from BYOK and the
 * Codex pool (exempt); the two rolling-window gauges say when headroom returns; charts show cost per day stacked by
 * model or funding and the breakdowns by source, user and model (and project, org-wide); the table lists the calls
 * behind them with the same filters, and "Export CSV" writes exactly those calls.
 */
public final class SpendView implements SectionView {

    private final SectionContext context;
    private final SpendViewModel model;
    private final ScrollPane root;

    public SpendView(SectionContext context) {
        this.context = context;
        this.model = new SpendViewModel(context.workspace(), context.project());

        HBox header = Page.header("Spend", model.subtitleProperty().get());
        if (header.lookup(".page-subtitle") instanceof Label subtitle) {
            subtitle.textProperty().bind(model.subtitleProperty());
        }
        Label message = Notices.bound("spend-message", model.messageProperty(), Styles.SUCCESS);
        Label error = Notices.bound("spend-error", model.errorProperty(), Styles.DANGER);
        VBox content = new VBox(14, header, new SpendToolbar(model, context.workspace()), new SpendFilterBar(model),
                message, error, new SpendTiles(model), new CapGauges(model, context.workspace()), new SpendCharts(model),
                new CallsTable(model));
        content.setPadding(new Insets(0, 12, 12, 0));
        root = new ScrollPane(content);
        root.setId("spend-scroll");
        root.setFitToWidth(true);
        root.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        model.reload();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.reload();
    }

    @Override
    public void changed(Change change) {
        if (change.touches(context.project().id(), "project_caps")) {
            model.reload();
        }
    }
}
