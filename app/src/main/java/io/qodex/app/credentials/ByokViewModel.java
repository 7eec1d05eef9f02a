package io.qodex.app.credentials;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.common.Shell;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmKeyService;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** BYOK for one project: what is stored (last four only), validate-and-save, remove. */
public final class ByokViewModel {

    private final Workspace workspace;
    private final Shell main;
    private final Project project;
    private final ObjectProperty<LlmProvider> provider = new SimpleObjectProperty<>(LlmProvider.OPENAI);
    private final StringProperty key = new SimpleStringProperty("");
    private final ObjectProperty<Optional<StoredKey>> stored = new SimpleObjectProperty<>(Optional.empty());
    private final ReadOnlyStringWrapper keyError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);

    public ByokViewModel(Workspace workspace, Project project, Shell main) {
        this.workspace = workspace;
        this.project = project;
        this.main = main;
        key.addListener((obs, old, now) -> keyError.set(""));
    }

    public ObjectProperty<LlmProvider> providerProperty() {
        return provider;
    }

    public StringProperty keyProperty() {
        return key;
    }

    public ObjectProperty<Optional<StoredKey>> storedProperty() {
        return stored;
    }

    public ReadOnlyStringProperty keyErrorProperty() {
        return keyError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public boolean admin() {
        return project.myRole() == ProjectRole.ADMIN;
    }

    public Project project() {
        return project;
    }

    public void load() {
        Tasks.run(() -> workspace.llmKeys().byok(project))
                .onSuccess(found -> {
                    stored.set(found);
                    loaded.set(true);
                })
                .onError(main::fail)
                .start();
    }

    public void validateAndSave() {
        if (key.get().isBlank()) {
            keyError.set("Paste the API key.");
            return;
        }
        busy.set(true);
        message.set("");
        LlmProvider chosen = provider.get();
        Secret secret = Secret.copyOf(key.get());
        Tasks.run(() -> {
                    try (secret) {
                        return workspace.llmKeys().setByok(project, chosen, secret);
                    }
                })
                .onSuccess(saved -> {
                    key.set("");
                    stored.set(Optional.of(saved));
                    message.set(saved.provider().label() + " accepted the key; it is saved, ending in " + saved.lastFour() + ".");
                })
                .onError(problem -> {
                    if (problem.problem() == Problem.UNAVAILABLE
                            && !problem.field().equals(Optional.of(LlmKeyService.PROVIDER_FIELD))) {
                        main.fail(problem);
                    }
                    keyError.set(problem.getMessage());
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    public void remove() {
        busy.set(true);
        Tasks.run(() -> workspace.llmKeys().removeByok(project))
                .onSuccess(removed -> {
                    stored.set(Optional.empty());
                    message.set("Removed the key; " + project.name() + " is platform-funded again.");
                })
                .onError(problem -> message.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }
}
