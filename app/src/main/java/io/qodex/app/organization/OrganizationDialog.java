package io.qodex.app.organization;

import io.qodex.app.runtime.Workspace;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The organization's LLM settings, for org admins: the platform key that funds projects without a key of their own
 * (validated with the provider before it is saved; only its last four characters are shown), and the price table
 * every call is costed from (a new price is valid from today; history is kept).
 */
public final class OrganizationDialog {

    private OrganizationDialog() {
    }

    public static void show(Node owner, Workspace workspace) {
        PlatformKeyViewModel key = new PlatformKeyViewModel(workspace.llmKeys());
        PricesViewModel prices = new PricesViewModel(workspace.llm().prices());
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setTitle("Organization LLM settings");
        dialog.setHeaderText("Platform key and prices of the organization");
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        TabPane tabs = new TabPane(new Tab("Platform key", PlatformKeyTab.create(key)),
                new Tab("Prices", PricesTab.create(prices)));
        tabs.setId("org-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefSize(760, 460);
        dialog.getDialogPane().setContent(tabs);
        dialog.getDialogPane().setMinWidth(800);
        dialog.getDialogPane().setPrefWidth(800);
        dialog.setResizable(true);
        key.load();
        prices.load();
        dialog.show();
    }
}
