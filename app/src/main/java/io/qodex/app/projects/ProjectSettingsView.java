package io.qodex.app.projects;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Dialogs;
import io.qodex.app.common.FormField;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Page;
import io.qodex.app.common.Tasks;
import io.qodex.app.common.SectionContext;
import io.qodex.app.common.SectionView;
import io.qodex.domain.live.Change;
import io.qodex.domain.project.Project;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** {@code /p/{slug}/settings}: rename, archive, the project key, leave. */
public final class ProjectSettingsView implements SectionView {

    private final SectionContext context;
    private final ProjectSettingsViewModel model;
    private final ScrollPane root;

    public ProjectSettingsView(SectionContext context) {
        this.context = context;
        this.model = new ProjectSettingsViewModel(context.workspace(), context.project(), context.shell());
        Label message = new Label();
        message.setId("settings-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());

        TextField name = new TextField();
        name.setId("settings-name");
        name.textProperty().bindBidirectional(model.nameProperty());
        name.setDisable(!model.admin());
        Button save = new Button("Rename", Icons.of(Feather.CHECK));
        save.setId("settings-rename");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(Bindings.or(model.busyProperty(), Bindings.or(model.dirtyProperty().not(),
                model.nameErrorProperty().isNotEmpty())));
        save.setVisible(model.admin());
        save.setOnAction(e -> model.rename());
        name.setOnAction(e -> save.fire());
        VBox nameCard = card("Name", model.admin() ? "Shown everywhere the project appears. The slug stays the same."
                : "Only Admins can rename the project.", new FormField("Project name", name, model.nameErrorProperty()), save);

        Label keyState = new Label();
        keyState.setId("settings-key-version");
        keyState.textProperty().bind(Bindings.createStringBinding(() -> "Key version " + model.projectProperty().get().keyVersion()
                + (model.projectProperty().get().rotationNeeded() ? " · rotation due (someone lost access)" : ""),
                model.projectProperty()));
        Button rotate = new Button("Rotate key", Icons.of(Feather.REFRESH_CW));
        rotate.setId("settings-rotate");
        rotate.setVisible(model.admin());
        rotate.disableProperty().bind(model.busyProperty());
        rotate.setOnAction(e -> {
            if (Dialogs.confirm(rotate, "Rotate the project key", "A new key version is wrapped for the current Admins and "
                    + "Members, and every secret of " + context.project().name() + " is re-encrypted in one transaction.",
                    "Rotate")) {
                model.rotateKey();
            }
        });
        VBox keyCard = card("Project key", "Secrets are encrypted with the project key on members' computers; the "
                + "database never sees them in clear.", keyState, rotate);

        Button archive = new Button();
        archive.setId("settings-archive");
        archive.textProperty().bind(Bindings.createStringBinding(() -> model.projectProperty().get().archived()
                ? "Restore project" : "Archive project", model.projectProperty()));
        archive.getStyleClass().add(Styles.DANGER);
        archive.setVisible(model.admin());
        archive.disableProperty().bind(model.busyProperty());
        archive.setOnAction(e -> {
            Project current = model.projectProperty().get();
            boolean archiving = !current.archived();
            if (!archiving || Dialogs.confirm(archive, "Archive " + current.name(), "Archived projects stay readable but "
                    + "are set aside in the switcher. You can restore it here.", "Archive " + current.name())) {
                model.setArchived(archiving);
            }
        });
        Button leave = new Button("Leave project", Icons.of(Feather.LOG_OUT));
        leave.setId("settings-leave");
        leave.disableProperty().bind(model.busyProperty());
        leave.setOnAction(e -> {
            if (Dialogs.confirm(leave, "Leave " + context.project().name(), "You lose access to the project and its "
                    + "secrets; an Admin can add you again.", "Leave")) {
                model.leave();
            }
        });
        VBox dangerCard = card("Archive and leave", model.admin() ? "Archiving sets the project aside for everyone."
                : "Leaving removes your access.", new HBox(10, archive, leave));

        VBox page = new VBox(18, Page.header("Project settings", context.project().name() + " · /p/" + context.project().slug()),
                message, nameCard, keyCard, dangerCard);
        page.setMaxWidth(720);
        root = new ScrollPane(page);
        root.setFitToWidth(true);
        root.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
    }

    private static VBox card(String title, String subtitle, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        Label sub = new Label(subtitle);
        sub.setWrapText(true);
        sub.getStyleClass().add(Styles.TEXT_MUTED);
        VBox card = new VBox(10, heading, sub);
        card.getChildren().addAll(content);
        card.getStyleClass().add("card");
        return card;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void refresh() {
        Project current = model.projectProperty().get();
        Tasks.run(() -> context.workspace().user().session().projects().byId(current.id()))
                .onSuccess(found -> found.ifPresent(model::reloaded))
                .onError(context.shell()::fail)
                .start();
    }

    @Override
    public void changed(Change change) {
        if (change.projectId().isPresent() && change.projectId().getAsLong() == context.project().id()
                && change.table().equals("projects")) {
            refresh();
        }
    }
}
