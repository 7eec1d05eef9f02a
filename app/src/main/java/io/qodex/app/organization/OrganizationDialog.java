package io.qodex.app.organization;

import io.qodex.app.runtime.Workspace;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The current organization's page, for its admins (decision 0030): its members (invite, role, remove), the platform
 * key that funds projects without a key of their own (validated with the provider before it is saved; only its last
 * four characters are shown), and the price table every call is costed from (a new price is valid from today;
 * history is kept).
 */
public final class OrganizationDialog {

    private OrganizationDialog() {
    }

    public static void show(Node owner, Workspace workspace) {
        show(owner, workspace, false);
    }

    /** With {@code membersFirst}, the page opens on its members (the sidebar's button); else on the platform key. */
    public static void show(Node owner, Workspace workspace, boolean membersFirst) {
        OrgMembersViewModel members = new OrgMembersViewModel(workspace.organizations());
        PlatformKeyViewModel key = new PlatformKeyViewModel(workspace.llmKeys());
        PricesViewModel prices = new PricesViewModel(workspace.llm().prices());
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner.getScene().getWindow());
        String name = workspace.account().organizations().current().map(o -> o.name() + " (" + o.slug() + ")")
                .orElse("No organization");
        dialog.setTitle("Organization: " + name);
        dialog.setHeaderText("Members, platform key and prices of " + name);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        TabPane tabs = new TabPane(new Tab("Members", OrgMembersTab.create(members)),
                new Tab("Platform key", PlatformKeyTab.create(key)), new Tab("Prices", PricesTab.create(prices)));
        tabs.getSelectionModel().select(membersFirst ? 0 : 1);
        tabs.setId("org-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefSize(760, 460);
        dialog.getDialogPane().setContent(tabs);
        dialog.getDialogPane().setMinWidth(800);
        dialog.getDialogPane().setPrefWidth(800);
        dialog.setResizable(true);
        members.load();
        key.load();
        prices.load();
        dialog.show();
    }
}
