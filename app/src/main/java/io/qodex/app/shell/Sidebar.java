package io.qodex.app.shell;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import io.qodex.domain.member.Invitation;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.EnumMap;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The workspace switcher (the current organization), the project switcher (type-ahead filter, role badges, create) and
 * the sections of the current project.
 */
final class Sidebar extends VBox {

    private final MainViewModel model;
    private final TextField filter = new TextField();
    private final ListView<Project> list = new ListView<>();
    private final VBox sections = new VBox(2);
    private final Map<Section, Button> sectionButtons = new EnumMap<>(Section.class);
    private boolean syncing;

    Sidebar(MainViewModel model, Runnable createProject) {
        this.model = model;
        getStyleClass().add("sidebar");
        setId("sidebar");
        setPrefWidth(250);
        setMinWidth(210);

        Label heading = new Label("PROJECTS");
        heading.getStyleClass().add("sidebar-heading");
        Button create = Icons.button(Feather.PLUS, "New project (Ctrl+N)");
        create.setId("new-project");
        create.setOnAction(e -> createProject.run());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(heading, gap, create);
        header.setAlignment(Pos.CENTER_LEFT);

        filter.setId("project-filter");
        filter.setPromptText("Filter projects (Ctrl+F)");
        filter.textProperty().bindBidirectional(model.filterProperty());
        filter.setOnKeyPressed(event -> {
            switch (event.getCode()) {
                case DOWN -> {
                    list.requestFocus();
                    list.getSelectionModel().selectFirst();
                    event.consume();
                }
                case ENTER -> {
                    if (!model.visibleProjects().isEmpty()) {
                        openProject(model.visibleProjects().get(0));
                    }
                    event.consume();
                }
                case ESCAPE -> filter.clear();
                default -> { }
            }
        });

        list.setId("project-list");
        list.getStyleClass().add("project-list");
        list.setItems(model.visibleProjects());
        list.setCellFactory(view -> new ProjectCell());
        list.setPlaceholder(placeholder());
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, chosen) -> {
            if (!syncing && chosen != null && (model.projectProperty().get() == null
                    || model.projectProperty().get().id() != chosen.id())) {
                openProject(chosen);
            }
        });
        model.projectProperty().addListener((obs, old, now) -> selectCurrent());
        model.visibleProjects().addListener((javafx.collections.ListChangeListener<Project>) change -> selectCurrent());

        Label sectionHeading = new Label("SECTIONS");
        sectionHeading.getStyleClass().add("sidebar-heading");
        for (Section section : model.registry().sections()) {
            Button button = new Button(section.label(), Icons.of(section.icon()));
            button.setId("section-" + section.code());
            button.getStyleClass().add("section-button");
            button.setMaxWidth(Double.MAX_VALUE);
            button.setMnemonicParsing(false);
            button.setOnAction(e -> model.openSection(section));
            sectionButtons.put(section, button);
            sections.getChildren().add(button);
        }
        sections.disableProperty().bind(model.projectProperty().isNull());
        model.sectionProperty().addListener((obs, old, now) -> sectionButtons.forEach((section, button) -> {
            button.getStyleClass().remove("selected");
            if (section == now) {
                button.getStyleClass().add("selected");
            }
        }));

        getChildren().addAll(new WorkspaceSwitcher(model), header, filter, list, invitations(), sectionHeading, sections);
    }

    /** Invitations to the user's address: accept or decline; hidden when there are none. */
    private VBox invitations() {
        VBox box = new VBox(6);
        box.setId("invitations");
        box.getStyleClass().add("card");
        Runnable fill = () -> {
            box.getChildren().clear();
            Label title = new Label("INVITATIONS");
            title.getStyleClass().add("sidebar-heading");
            box.getChildren().add(title);
            for (Invitation invitation : model.invitations()) {
                Label what = new Label(invitation.projectName() + " as " + invitation.role().label()
                        + (invitation.invitedBy().isEmpty() ? "" : "\nfrom " + invitation.invitedBy()));
                what.setWrapText(true);
                Button accept = new Button("Accept");
                accept.setId("accept-" + invitation.slug());
                accept.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
                accept.setOnAction(e -> model.accept(invitation));
                Button decline = new Button("Decline");
                decline.setId("decline-" + invitation.slug());
                decline.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
                decline.setOnAction(e -> model.decline(invitation));
                box.getChildren().addAll(what, new HBox(6, accept, decline));
            }
            box.setVisible(!model.invitations().isEmpty());
            box.setManaged(box.isVisible());
        };
        model.invitations().addListener((javafx.collections.ListChangeListener<Invitation>) change -> fill.run());
        fill.run();
        return box;
    }

    private Region placeholder() {
        Label text = new Label("No projects here yet.\nCreate one with + (Ctrl+N).");
        text.setWrapText(true);
        text.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(text);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private void openProject(Project chosen) {
        Section section = model.sectionProperty().get();
        if (!model.open(chosen, section == null ? model.registry().defaultSection() : section)) {
            javafx.application.Platform.runLater(this::selectCurrent); // stayed: the list shows where we are
        }
    }

    private void selectCurrent() {
        Project current = model.projectProperty().get();
        syncing = true;
        try {
            if (current == null) {
                list.getSelectionModel().clearSelection();
            } else {
                model.visibleProjects().stream().filter(p -> p.id() == current.id()).findFirst()
                        .ifPresentOrElse(p -> list.getSelectionModel().select(p), () -> list.getSelectionModel().clearSelection());
            }
        } finally {
            syncing = false;
        }
    }

    void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    /** One project: name, slug and a role badge; archived projects are marked. */
    private static final class ProjectCell extends ListCell<Project> {
        @Override
        protected void updateItem(Project project, boolean empty) {
            super.updateItem(project, empty);
            if (empty || project == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(project.name());
            name.getStyleClass().add("project-cell-name");
            name.setMinWidth(0);
            Label slug = new Label(project.slug().value() + (project.archived() ? " · archived" : ""));
            slug.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox text = new VBox(1, name, slug);
            HBox.setHgrow(text, Priority.ALWAYS);
            Label badge = new Label(project.myRole().label());
            badge.getStyleClass().addAll("role-badge", project.myRole().code());
            badge.setMinWidth(Region.USE_PREF_SIZE);
            HBox row = new HBox(8, text, badge);
            row.setAlignment(Pos.CENTER_LEFT);
            if (project.archived()) {
                row.setOpacity(0.6);
            }
            setText(null);
            setGraphic(row);
            setAccessibleText(project.name() + ", " + project.myRole().label()
                    + (project.myRole() == ProjectRole.ADMIN ? "" : ""));
        }
    }
}
