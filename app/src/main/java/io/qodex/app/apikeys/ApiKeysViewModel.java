package io.qodex.app.apikeys;

import io.qodex.app.common.Shell;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.apikey.ApiKey;
import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.apikey.ApiKeyService;
import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * A project's API keys: the list, a new key (shown once, then forgotten), rotate, revoke. Every database call runs
 * off the FX thread; the database decides who may do what (Members their own keys, Admins all, Viewers none).
 */
public final class ApiKeysViewModel {

    /** How long a new key lives, as offered. */
    public enum Lifetime {
        WEEK("7 days", Duration.ofDays(7)), MONTH("30 days", Duration.ofDays(30)),
        QUARTER("90 days", Duration.ofDays(90)), YEAR("1 year", Duration.ofDays(365));

        private final String label;
        private final Duration duration;

        Lifetime(String label, Duration duration) {
            this.label = label;
            this.duration = duration;
        }

        public Duration duration() {
            return duration;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The key just minted or rotated: shown once, with its name. */
    public record Shown(String name, String prefix, Secret key) {
        @Override
        public String toString() {
            return "Shown[" + name + ", " + prefix + "]";
        }
    }

    private final Workspace workspace;
    private final Project project;
    private final Shell shell;
    private final ObservableList<ApiKey> keys = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<Lifetime> lifetime = new SimpleObjectProperty<>(Lifetime.MONTH);
    private final BooleanProperty envRead = new SimpleBooleanProperty(true);
    private final BooleanProperty webhooks = new SimpleBooleanProperty(false);
    private final BooleanProperty secretsRead = new SimpleBooleanProperty(false);
    private final BooleanProperty sessions = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<@Nullable Shown> shown = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);

    public ApiKeysViewModel(Workspace workspace, Project project, Shell shell) {
        this.workspace = workspace;
        this.project = project;
        this.shell = shell;
        name.addListener((obs, old, now) -> nameError.set(""));
    }

    public ObservableList<ApiKey> keys() {
        return keys;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<Lifetime> lifetimeProperty() {
        return lifetime;
    }

    public BooleanProperty envReadProperty() {
        return envRead;
    }

    public BooleanProperty webhooksProperty() {
        return webhooks;
    }

    public BooleanProperty secretsReadProperty() {
        return secretsRead;
    }

    public BooleanProperty sessionsProperty() {
        return sessions;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    /** The latest outcome; the window empties it when the next action starts. */
    public StringProperty messageProperty() {
        return message;
    }

    public ObjectProperty<@Nullable Shown> shownProperty() {
        return shown;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public Project project() {
        return project;
    }

    /** Viewers see the keys' existence nowhere: the database refuses them the list too. */
    public boolean mayMint() {
        return project.myRole() != ProjectRole.VIEWER;
    }

    /** Admins change every key; Members their own. */
    public boolean mayChange(ApiKey key) {
        return key.revokedAt().isEmpty() && (project.myRole() == ProjectRole.ADMIN
                || (project.myRole() == ProjectRole.MEMBER
                && key.createdBy().equalsIgnoreCase(workspace.account().email().value())));
    }

    public void load() {
        if (!mayMint()) {
            loaded.set(true);
            return;
        }
        Tasks.run(() -> workspace.apiKeys().list(project))
                .onSuccess(found -> {
                    keys.setAll(found);
                    loaded.set(true);
                })
                .onError(shell::fail)
                .start();
    }

    public void create() {
        String chosen = name.get() == null ? "" : name.get().strip();
        if (chosen.isEmpty()) {
            nameError.set("Name the key, e.g. github-actions.");
            return;
        }
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        if (envRead.get()) {
            scopes.add(ApiKeyScope.ENV_READ);
        }
        if (webhooks.get()) {
            scopes.add(ApiKeyScope.WEBHOOKS);
        }
        if (secretsRead.get()) {
            scopes.add(ApiKeyScope.SECRETS_READ);
        }
        if (sessions.get()) {
            scopes.add(ApiKeyScope.SESSIONS);
        }
        if (scopes.isEmpty()) {
            nameError.set("Choose at least one scope.");
            return;
        }
        Duration duration = lifetime.get().duration();
        run(() -> workspace.apiKeys().create(project, chosen, scopes, duration), chosen, "Created");
    }

    public void rotate(ApiKey key) {
        run(() -> workspace.apiKeys().rotate(project, key.name()), key.name(), "Rotated");
    }

    public void revoke(ApiKey key) {
        busy.set(true);
        Tasks.run(() -> workspace.apiKeys().revoke(project, key.name()))
                .onSuccess(revoked -> {
                    message.set("Revoked \"" + revoked.name() + "\": it is refused from now on."
                            + (revoked.scopes().stream().anyMatch(ApiKeyService.HOLDING_THE_KEY::contains)
                            ? " It held the project key: if it may have leaked, rotate the project key (project "
                                    + "settings, Rotate key)." : ""));
                    load();
                })
                .onError(problem -> message.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    private void run(java.util.concurrent.Callable<ApiKeyText> work, String keyName, String verb) {
        busy.set(true);
        message.set("");
        Tasks.run(() -> {
                    try (ApiKeyText key = work.call()) {
                        return new Shown(keyName, key.prefix(), key.text());
                    }
                })
                .onSuccess(minted -> {
                    forget();
                    shown.set(minted);
                    name.set("");
                    message.set(verb + " \"" + keyName + "\". Copy it now: it is shown only here, once.");
                    load();
                })
                .onError(problem -> nameError.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** Wipes the key shown once (Done, leaving the page). */
    public void forget() {
        Shown current = shown.get();
        if (current != null) {
            current.key().close();
            shown.set(null);
        }
    }
}
