package io.qodex.app.members;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Page;
import io.qodex.app.common.Tables;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.live.Change;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.ProjectRole;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** {@code /p/{slug}/members}: who can do what in the project. */
public final class MembersView implements SectionView {

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    private final SectionContext context;
    private final MembersViewModel model;
    private final VBox root;

    public MembersView(SectionContext context) {
        this.context = context;
        this.model = new MembersViewModel(context.workspace(), context.project(), context.shell());

        Label message = new Label();
        message.setId("members-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        TableView<Member> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);

        Label waiting = new Label();
        waiting.setId("members-waiting");
        waiting.setWrapText(true);
        waiting.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // all of it, wrapped, never "…"
        HBox waitingBox = new HBox(10, Icons.of(Feather.SHIELD), waiting);
        waitingBox.setAlignment(Pos.CENTER_LEFT);
        waitingBox.getStyleClass().add("card");
        HBox.setHgrow(waiting, Priority.ALWAYS);
        Runnable updateWaiting = () -> {
            long count = model.awaitingConfirmation();
            waitingBox.setVisible(count > 0 && model.admin());
            waitingBox.setManaged(waitingBox.isVisible());
            waiting.setText((count == 1 ? "1 member waits" : count + " members wait") + " for your confirmation. Ask "
                    + "each to read you the fingerprint "
                    + "shown on their Members page (or by qodex whoami); press Confirm only if it matches the one "
                    + "listed here. Until then they read no secret.");
        };
        model.members().addListener((ListChangeListener<Member>) change -> updateWaiting.run());
        updateWaiting.run();

        Label mine = new Label("Your key fingerprint: " + model.myFingerprint());
        mine.setId("members-my-fingerprint");
        mine.setWrapText(true);
        mine.getStyleClass().addAll(Styles.TEXT_MUTED, "fingerprint");
        mine.setTooltip(new javafx.scene.control.Tooltip("Read it to an Admin who confirms you: it proves the key "
                + "they give the project key to is yours."));

        Button leave = new Button("Leave project", Icons.of(Feather.LOG_OUT));
        leave.setId("members-leave");
        leave.getStyleClass().add(Styles.FLAT);
        leave.disableProperty().bind(model.busyProperty());
        leave.setOnAction(e -> {
            if (Dialogs.confirm(leave, "Leave " + context.project().name(), "You lose access to " + context.project().name()
                    + " and its secrets; an Admin can add you again.", "Leave")) {
                model.leave();
            }
        });

        root = new VBox(14, Page.header("Members", roleSentence(), leave), mine, message);
        if (model.admin()) {
            root.getChildren().add(inviteForm());
        }
        root.getChildren().addAll(waitingBox, table);
        model.load();
    }

    private String roleSentence() {
        return switch (context.project().myRole()) {
            case ADMIN -> "You are an Admin: invite people, confirm their keys, change roles, remove members.";
            case MEMBER -> "You are a Member: you see who is in the project; Admins manage it.";
            case VIEWER -> "You are a Viewer: read-only access, no secrets.";
        };
    }

    private Node inviteForm() {
        TextField email = new TextField();
        email.setId("invite-email");
        email.setPromptText("colleague@company.com");
        email.textProperty().bindBidirectional(model.inviteEmailProperty());
        ComboBox<ProjectRole> role = new ComboBox<>();
        role.setId("invite-role");
        role.getItems().setAll(ProjectRole.values());
        role.valueProperty().bindBidirectional(model.inviteRoleProperty());
        role.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ProjectRole value) {
                return value == null ? "" : value.label();
            }

            @Override
            public ProjectRole fromString(String text) {
                return ProjectRole.parse(text);
            }
        });
        Button invite = new Button("Invite", Icons.of(Feather.USER_PLUS));
        invite.setId("invite-submit");
        invite.getStyleClass().add(Styles.ACCENT);
        invite.disableProperty().bind(Bindings.or(model.busyProperty(), model.inviteEmailProperty().isEmpty()));
        invite.setOnAction(e -> model.invite());
        email.setOnAction(e -> invite.fire());
        FormField emailField = new FormField("Invite by email", email, model.inviteErrorProperty(),
                "They join when they accept the mailed invitation; then you confirm their key here.")
                .reserveMessage(); // a refusal in place of the hint moves nothing
        HBox.setHgrow(emailField, Priority.ALWAYS);
        VBox roleBox = new VBox(4, label("Role"), role);
        VBox buttonBox = new VBox(4, label(" "), invite);
        role.setMinWidth(Region.USE_PREF_SIZE); // a narrow window shortens the email field, never these
        invite.setMinWidth(Region.USE_PREF_SIZE);
        HBox form = new HBox(10, emailField, roleBox, buttonBox);
        form.setAlignment(Pos.TOP_LEFT);
        form.getStyleClass().add("card");
        return form;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return label;
    }

    private TableView<Member> table() {
        TableView<Member> table = new TableView<>(model.members());
        table.setId("members-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Loading members…"));

        TableColumn<Member, String> email = new TableColumn<>("Email");
        email.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().email().value()
                + (model.isMe(row.getValue()) ? "  (you)" : "")));
        email.setPrefWidth(220);
        email.setMinWidth(140);

        TableColumn<Member, Member> role = new TableColumn<>("Role");
        role.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        role.setCellFactory(column -> new RoleCell());
        role.setPrefWidth(120);
        role.setMinWidth(100);

        TableColumn<Member, Member> state = new TableColumn<>("State");
        state.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        state.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Member member, boolean empty) {
                super.updateItem(member, empty);
                if (empty || member == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label chip = new Label(member.state(), Icons.of(member.invited() ? Feather.MAIL
                        : member.keyState() == Member.KeyState.KEY_CHANGED ? Feather.ALERT_TRIANGLE
                        : member.waitingForKey() ? Feather.CLOCK : Feather.CHECK_CIRCLE, 12));
                chip.getStyleClass().add(member.keyState() == Member.KeyState.KEY_CHANGED ? Styles.DANGER
                        : member.invited() || member.waitingForKey() ? Styles.WARNING : Styles.SUCCESS);
                setGraphic(chip);
                setText(null);
            }
        });
        state.setPrefWidth(205);
        state.setMinWidth(190);

        // all eight words, on two lines: an Admin compares every one of them
        TableColumn<Member, String> fingerprint = Tables.text("Key fingerprint", 220,
                member -> member.fingerprint().map(f -> twoLines(f.phrase())).orElse(""));

        TableColumn<Member, String> since = new TableColumn<>("Since");
        since.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(SINCE.format(row.getValue().since())));
        since.setPrefWidth(100);
        since.setMinWidth(90);

        TableColumn<Member, Member> actions = new TableColumn<>("");
        actions.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        actions.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Member member, boolean empty) {
                super.updateItem(member, empty);
                if (empty || member == null || !model.admin()) {
                    setGraphic(null);
                    return;
                }
                HBox buttons = new HBox(4);
                buttons.setAlignment(Pos.CENTER_LEFT);
                if (member.awaitsConfirmation()) {
                    Button confirm = new Button("Confirm", Icons.of(Feather.SHIELD, 12));
                    confirm.setId("confirm-" + cssId(member));
                    confirm.getStyleClass().addAll(Styles.SMALL, Styles.SUCCESS);
                    confirm.disableProperty().bind(model.busyProperty());
                    confirm.setOnAction(e -> confirm(confirm, member));
                    buttons.getChildren().add(confirm);
                }
                Button remove = Icons.button(member.invited() ? Feather.X : Feather.USER_MINUS,
                        member.invited() ? "Cancel the invitation" : "Remove from the project");
                remove.setId("remove-" + cssId(member));
                remove.disableProperty().bind(model.busyProperty());
                remove.setOnAction(e -> {
                    String what = member.invited() ? "Cancel the invitation of " + member.email() + "?"
                            : "Remove " + member.email() + " from " + model.project().name() + "?";
                    String detail = member.invited() ? "The invitation mail stops working."
                            : "They lose access at once" + (member.role().holdsProjectKey()
                            ? "; the project key is rotated so they cannot read what is written later." : ".");
                    if (Dialogs.confirm(remove, what, detail, member.invited() ? "Cancel invitation" : "Remove")) {
                        model.remove(member);
                    }
                });
                if (model.onlyAdmin(member)) {
                    // off, with the reason where the pointer is: a disabled button shows no tooltip of its own
                    remove.disableProperty().unbind();
                    remove.setDisable(true);
                    javafx.scene.layout.StackPane reason = new javafx.scene.layout.StackPane(remove);
                    reason.setId("remove-" + cssId(member) + "-reason");
                    reason.setAccessibleText(MembersViewModel.ONLY_ADMIN);
                    javafx.scene.control.Tooltip.install(reason, new javafx.scene.control.Tooltip(
                            MembersViewModel.ONLY_ADMIN));
                    buttons.getChildren().add(reason);
                } else {
                    buttons.getChildren().add(remove);
                }
                setGraphic(buttons);
            }
        });
        actions.setPrefWidth(150);
        actions.setMinWidth(150);
        actions.setSortable(false);

        fingerprint.setMinWidth(130);
        // a narrow window (1024 wide with the sidebar open) leaves out "Since" so the actions stay in view
        since.visibleProperty().bind(table.widthProperty().greaterThan(820));
        table.getColumns().setAll(java.util.List.of(email, role, state, fingerprint, since, actions));
        model.loadingProperty().addListener((obs, old, loading) -> table.setPlaceholder(new Label(loading
                ? "Loading members…" : "No members to show.")));
        return table;
    }

    private static String twoLines(String phrase) {
        String[] words = phrase.split(" ");
        int half = (words.length + 1) / 2;
        return String.join(" ", java.util.Arrays.copyOfRange(words, 0, half)) + "\n"
                + String.join(" ", java.util.Arrays.copyOfRange(words, half, words.length));
    }

    private void confirm(Node owner, Member member) {
        String phrase = member.fingerprint().map(f -> f.phrase()).orElse("(none)");
        boolean changed = member.keyState() == Member.KeyState.KEY_CHANGED;
        String detail = (changed ? "Their key CHANGED since it was confirmed. That is expected only after they reset "
                + "their password; otherwise someone replaced it in the database.\n\n" : "")
                + "Fingerprint listed for " + member.email() + ":\n\n    " + phrase + "\n\nAsk them to read the "
                + "fingerprint from their own Members page or qodex whoami. Confirm only if every word matches: they "
                + "then receive the project key.";
        if (Dialogs.confirm(owner, "Confirm " + member.email() + "'s key?", detail, "Confirm")) {
            model.confirm(member);
        }
    }

    /** The role, as a drop-down for Admins (the database refuses what is not allowed). */
    private final class RoleCell extends TableCell<Member, Member> {
        @Override
        protected void updateItem(Member member, boolean empty) {
            super.updateItem(member, empty);
            if (empty || member == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            if (!model.admin() || member.invited()) {
                setGraphic(null);
                setText(member.role().label());
                return;
            }
            ComboBox<ProjectRole> choice = new ComboBox<>();
            choice.setId("role-" + cssId(member));
            choice.getItems().setAll(ProjectRole.values());
            choice.setValue(member.role());
            choice.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(ProjectRole value) {
                    return value == null ? "" : value.label();
                }

                @Override
                public ProjectRole fromString(String text) {
                    return ProjectRole.parse(text);
                }
            });
            choice.disableProperty().bind(model.busyProperty());
            choice.setOnAction(e -> {
                if (choice.getValue() != null && choice.getValue() != member.role()) {
                    model.changeRole(member, choice.getValue());
                }
            });
            setText(null);
            setGraphic(choice);
        }
    }

    /** A CSS-safe id part for a member: "amy@example.com" becomes "amy-example-com". */
    static String cssId(Member member) {
        return member.email().value().replaceAll("[^a-z0-9]", "-");
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        model.load();
    }

    @Override
    public void changed(Change change) {
        boolean mine = change.projectId().isPresent() && change.projectId().getAsLong() == context.project().id();
        if (mine && (change.table().equals("project_members") || change.table().equals("project_invitations")
                || change.table().equals("project_key_wraps") || change.table().equals("key_rosters"))) {
            model.load();
        }
    }
}
