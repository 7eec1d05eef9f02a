package io.qodex.app.findings;

import io.qodex.app.common.Shell;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Problem;
import io.qodex.domain.project.Project;
import io.qodex.domain.scenario.Finding;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The project's findings, newest first (as the service returns them), read in the background. */
public final class FindingsViewModel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final Workspace workspace;
    private final Project project;
    private final Shell shell;
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private final StringProperty error = new SimpleStringProperty("");
    private long generation;

    public FindingsViewModel(Workspace workspace, Project project, Shell shell) {
        this.workspace = workspace;
        this.project = project;
        this.shell = shell;
    }

    public ObservableList<Finding> findings() {
        return findings;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public Project project() {
        return project;
    }

    public void load() {
        long load = ++generation;
        Tasks.run(() -> workspace.scenarios().findings(project))
                .onSuccess(list -> {
                    if (load == generation) {
                        error.set("");
                        findings.setAll(list);
                        loaded.set(true);
                    }
                })
                .onError(problem -> {
                    error.set(problem.getMessage());
                    if (problem.problem() == Problem.UNAVAILABLE) {
                        shell.fail(problem);
                    }
                })
                .start();
    }

    /** The Scenarios page of the project. */
    public void openScenarios() {
        shell.navigate("/p/" + project.slug().value() + "/scenarios");
    }

    public static String when(Finding finding) {
        return WHEN.format(finding.createdAt());
    }

    /** What the pane under the table shows for a finding: where, what, and the excerpt. */
    public static String details(Finding finding) {
        return finding.title() + "\n\nExpected: " + finding.expected() + "\nActual:   " + finding.actual()
                + "\n\n" + finding.excerpt();
    }
}
