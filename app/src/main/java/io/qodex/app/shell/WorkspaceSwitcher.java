package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.app.organization.CreateOrganizationDialog;
import io.qodex.app.organization.OrganizationDialog;
import io.qodex.app.organization.WorkspacesViewModel;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.organization.OrgInvitation;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Above the project list (decision 0030): which organization the window works in, its page for its admins, a new
 * organization, invitations to organizations, and what to do while the user belongs to none.
 */
final class WorkspaceSwitcher extends VBox {

    private final WorkspacesViewModel model;
    private final ComboBox<OrgMembership> choice = new ComboBox<>();
    private boolean syncing;

    WorkspaceSwitcher(MainViewModel main) {
        super(4);
        this.model = main.workspaces();
        setId("workspace");
        Button settings = Icons.button(Feather.SETTINGS, "Organization: members, platform key, prices (admins)");
        settings.setId("organization-page");
        settings.setOnAction(e -> OrganizationDialog.show(settings, main.workspace(), true));
        Button create = Icons.button(Feather.PLUS, "New organization");
        create.setId("new-organization");
        create.setOnAction(e -> CreateOrganizationDialog.show(create, model));
        Label none = new Label("You belong to no organization yet: create one with +, or accept an invitation to one "
                + "(below, or qodex invitations).");

        choice.setId("workspace-switcher");
        choice.setMaxWidth(Double.MAX_VALUE);
        choice.setPromptText("Workspace");
        HBox.setHgrow(choice, Priority.ALWAYS);
        choice.setItems(model.organizations());
        choice.setCellFactory(list -> new OrgCell(true));
        choice.setButtonCell(new OrgCell(false)); // the name alone: the sidebar is narrow
        choice.setTooltip(new javafx.scene.control.Tooltip("The organization you work in: its projects are listed "
                + "below, and new projects go there"));
        choice.valueProperty().addListener((obs, old, chosen) -> {
            if (!syncing && chosen != null) {
                model.use(chosen);
            }
        });
        model.currentProperty().addListener((obs, old, now) -> showCurrent());
        model.organizations().addListener((ListChangeListener<OrgMembership>) change -> showCurrent());

        none.setId("no-organization");
        none.setWrapText(true);
        none.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        none.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.organizations()));
        none.managedProperty().bind(none.visibleProperty());
        choice.visibleProperty().bind(none.visibleProperty().not());
        choice.managedProperty().bind(choice.visibleProperty());
        settings.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.currentProperty().get() != null && model.currentProperty().get().admin(),
                model.currentProperty()));
        settings.managedProperty().bind(settings.visibleProperty());

        VBox invitations = new VBox(6);
        invitations.setId("org-invitations");
        Runnable fill = () -> {
            invitations.getChildren().clear();
            for (OrgInvitation invitation : model.invitations()) {
                Label what = new Label("Organization " + invitation.name() + " invites you as "
                        + invitation.role().name().toLowerCase(java.util.Locale.ROOT)
                        + (invitation.invitedBy().isEmpty() ? "" : "\nfrom " + invitation.invitedBy()));
                what.setWrapText(true);
                Button accept = new Button("Accept");
                accept.setId("accept-org-" + invitation.slug());
                accept.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
                accept.setOnAction(e -> model.accept(invitation));
                Button decline = new Button("Decline");
                decline.setId("decline-org-" + invitation.slug());
                decline.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
                decline.setOnAction(e -> model.decline(invitation));
                invitations.getChildren().addAll(what, new HBox(6, accept, decline));
            }
            invitations.setVisible(!model.invitations().isEmpty());
            invitations.setManaged(invitations.isVisible());
        };
        model.invitations().addListener((ListChangeListener<OrgInvitation>) change -> fill.run());
        fill.run();
        // one row: the workspace, its page (admins), a new one; the sidebar keeps its height for the projects
        HBox header = new HBox(4, choice, none, settings, create);
        header.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(none, Priority.ALWAYS);
        getChildren().addAll(header, invitations);
    }

    private void showCurrent() {
        syncing = true;
        try {
            OrgMembership now = model.currentProperty().get();
            choice.setValue(now == null ? null : model.organizations().stream().filter(o -> o.orgId() == now.orgId())
                    .findFirst().orElse(now));
        } finally {
            syncing = false;
        }
    }

    /** An organization: its name, and (in the list) the user's role in it. */
    private static final class OrgCell extends ListCell<OrgMembership> {
        private final boolean withRole;

        OrgCell(boolean withRole) {
            this.withRole = withRole;
        }

        @Override
        protected void updateItem(OrgMembership org, boolean empty) {
            super.updateItem(org, empty);
            if (empty || org == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label name = new Label(org.name());
            name.setMinWidth(0);
            HBox.setHgrow(name, Priority.ALWAYS);
            name.setMaxWidth(Double.MAX_VALUE);
            Label badge = new Label(org.admin() ? "Admin" : "Member");
            badge.getStyleClass().addAll("role-badge", org.admin() ? "admin" : "member");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            HBox row = withRole ? new HBox(8, name, badge) : new HBox(name);
            row.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
            setTooltip(new javafx.scene.control.Tooltip(org.name() + " (" + org.slug() + "), " + badge.getText()));
            setAccessibleText(org.name() + ", " + badge.getText());
        }
    }
}
