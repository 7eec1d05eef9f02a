package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Tables;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.organization.OrgMember;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

/** The members tab: members and invitations with roles; invite an address; make admin or member; remove. */
final class OrgMembersTab {

    private OrgMembersTab() {
    }

    static Node create(OrgMembersViewModel model) {
        TableView<OrgMember> table = new TableView<>(model.members());
        table.setId("org-members");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Loading members…"));
        table.getColumns().setAll(List.of(Tables.text("Email", 240, OrgMember::email),
                Tables.text("Role", 90, m -> OrgMembersViewModel.label(m.role())),
                Tables.text("Status", 200, m -> m.invited() ? "Invited: joins on accepting"
                        : m.holdsKey() ? "Member, holds the organization key" : "Member, waiting for the key")));
        VBox.setVgrow(table, Priority.ALWAYS);

        Button admin = new Button("Make admin", Icons.of(Feather.ARROW_UP));
        admin.setId("org-member-admin");
        Button member = new Button("Make member", Icons.of(Feather.ARROW_DOWN));
        member.setId("org-member-member");
        Button remove = new Button("Remove", Icons.of(Feather.USER_MINUS));
        remove.setId("org-member-remove");
        remove.getStyleClass().add(Styles.DANGER);
        var selected = table.getSelectionModel().selectedItemProperty();
        admin.disableProperty().bind(selected.isNull().or(model.busyProperty()));
        member.disableProperty().bind(selected.isNull().or(model.busyProperty()));
        remove.disableProperty().bind(selected.isNull().or(model.busyProperty()));
        admin.setOnAction(e -> model.changeRole(selected.get(), OrgRole.ADMIN));
        member.setOnAction(e -> model.changeRole(selected.get(), OrgRole.MEMBER));
        remove.setOnAction(e -> {
            OrgMember chosen = selected.get();
            if (chosen != null && Dialogs.confirm(remove, chosen.invited() ? "Withdraw the invitation" : "Remove member",
                    chosen.invited() ? "The invitation to " + chosen.email() + " is withdrawn."
                            : chosen.email() + " leaves the organization: its platform key, prices, spend and members.",
                    chosen.invited() ? "Withdraw" : "Remove")) {
                model.remove(chosen);
            }
        });
        HBox rowActions = new HBox(8, admin, member, remove);
        rowActions.setAlignment(Pos.CENTER_LEFT);

        TextField email = new TextField();
        email.setId("org-invite-email");
        email.setPromptText("name@example.com");
        email.textProperty().bindBidirectional(model.emailProperty());
        ChoiceBox<OrgRole> role = new ChoiceBox<>();
        role.setId("org-invite-role");
        role.getItems().setAll(OrgRole.MEMBER, OrgRole.ADMIN);
        role.setConverter(new StringConverter<>() {
            @Override
            public String toString(OrgRole value) {
                return value == null ? "" : OrgMembersViewModel.label(value);
            }

            @Override
            public OrgRole fromString(String text) {
                return OrgRole.MEMBER;
            }
        });
        role.valueProperty().bindBidirectional(model.roleProperty());
        Button invite = new Button("Invite", Icons.of(Feather.USER_PLUS));
        invite.setId("org-invite");
        invite.getStyleClass().add(Styles.ACCENT);
        invite.disableProperty().bind(model.canInviteProperty().not());
        invite.setOnAction(e -> model.invite());
        email.setOnAction(e -> invite.fire());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.busyProperty());
        HBox.setHgrow(email, Priority.ALWAYS);
        HBox inviteRow = new HBox(8, email, role, invite, busy);
        inviteRow.setAlignment(Pos.CENTER_LEFT);

        Label note = new Label("An invited person joins when they accept, signed in with that address (or by verifying "
                + "it at sign-up); confirm them for the organization key with qodex org confirm. The organization "
                + "always keeps one admin.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(10, table, rowActions, new FormField("Invite an address", inviteRow,
                new SimpleStringProperty("")), FeedbackLine.bound("org-members-message", model.feedbackProperty()), note);
        box.setStyle("-fx-padding: 14 4 4 4;");
        return box;
    }
}
