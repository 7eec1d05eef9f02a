package io.qodex.app.environments;

import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.common.FieldProblem;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The "New environment" dialog: name and URLs for a preset, and each refusal next to the field it concerns. */
public final class CreateEnvironmentModel {

    /** Creates the environment in the background; hands back its problems (none when it was created). */
    @FunctionalInterface
    interface Creator {
        void create(EnvironmentPreset preset, String name, String baseUrl, String apiBaseUrl,
                    Consumer<List<FieldProblem>> problems);
    }

    private final EnvironmentPreset preset;
    private final Creator creator;
    private final StringProperty name;
    private final StringProperty baseUrl = new SimpleStringProperty("");
    private final StringProperty apiBaseUrl = new SimpleStringProperty("");
    private final StringProperty nameProblem = new SimpleStringProperty("");
    private final StringProperty baseUrlProblem = new SimpleStringProperty("");
    private final StringProperty apiBaseUrlProblem = new SimpleStringProperty("");
    private final StringProperty otherProblem = new SimpleStringProperty("");

    CreateEnvironmentModel(EnvironmentPreset preset, Creator creator) {
        this.preset = preset;
        this.creator = creator;
        this.name = new SimpleStringProperty(preset == EnvironmentPreset.CUSTOM ? "" : preset.label());
    }

    public EnvironmentPreset preset() {
        return preset;
    }

    public String heading() {
        return "New environment from the " + preset.label() + " preset";
    }

    /** The constraints the preset recommends, which the new environment starts with. */
    public String constraints() {
        return preset.constraints().describe();
    }

    /** Creates the environment; {@code created} runs once it exists, else the problems are shown by field. */
    public void submit(Runnable created) {
        creator.create(preset, name.get(), baseUrl.get(), apiBaseUrl.get(), problems -> {
            nameProblem.set("");
            baseUrlProblem.set("");
            apiBaseUrlProblem.set("");
            otherProblem.set("");
            if (problems.isEmpty()) {
                created.run();
                return;
            }
            for (FieldProblem problem : problems) {
                switch (problem.field()) {
                    case "name" -> nameProblem.set(problem.message());
                    case "baseUrl" -> baseUrlProblem.set(problem.message());
                    case "apiBaseUrl" -> apiBaseUrlProblem.set(problem.message());
                    default -> otherProblem.set(problem.message());
                }
            }
        });
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty baseUrl() {
        return baseUrl;
    }

    public StringProperty apiBaseUrl() {
        return apiBaseUrl;
    }

    public StringProperty nameProblem() {
        return nameProblem;
    }

    public StringProperty baseUrlProblem() {
        return baseUrlProblem;
    }

    public StringProperty apiBaseUrlProblem() {
        return apiBaseUrlProblem;
    }

    public StringProperty otherProblem() {
        return otherProblem;
    }
}
