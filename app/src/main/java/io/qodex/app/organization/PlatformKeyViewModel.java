package io.qodex.app.organization;

import io.qodex.app.common.Tasks;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmKeyService;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The organization's platform key (org admins): which key is stored (only its last four characters), a new key
 * checked with OpenAI before it is saved, and removing it.
 */
public final class PlatformKeyViewModel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final LlmKeyService keys;
    private final StringProperty key = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("Loading…");
    private final ReadOnlyBooleanWrapper stored = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Feedback> feedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);
    private final BooleanBinding canSave = key.isEmpty().or(busy).not();

    public PlatformKeyViewModel(LlmKeyService keys) {
        this.keys = keys;
    }

    /** The new key as typed. */
    public StringProperty keyProperty() {
        return key;
    }

    /** One sentence on the stored key: provider, last four, who set it and when; or that there is none. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** A platform key is stored (and can be removed). */
    public ReadOnlyBooleanProperty storedProperty() {
        return stored.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Feedback> feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    /** A key is typed and none is being checked. */
    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    public void load() {
        Tasks.run(keys::platformKey)
                .onSuccess(this::show)
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .start();
    }

    /** Checks the typed key with OpenAI, then stores it; a refused key is not saved. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        Secret secret = Secret.copyOf(key.get());
        busy.set(true);
        feedback.set(Feedback.NONE);
        Tasks.run(() -> {
                    try (secret) {
                        return keys.setPlatformKey(LlmProvider.OPENAI, secret);
                    }
                })
                .onSuccess(saved -> {
                    key.set("");
                    show(Optional.of(saved));
                    feedback.set(Feedback.done("OpenAI accepted the key; it is saved, ending in " + saved.lastFour()
                            + "."));
                })
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** Removes the platform key (the view has asked for confirmation). */
    public void remove() {
        Tasks.run(keys::removePlatformKey)
                .onSuccess(removed -> {
                    show(Optional.empty());
                    feedback.set(Feedback.done("Removed the platform key."));
                })
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .start();
    }

    private void show(Optional<StoredKey> found) {
        state.set(found.map(k -> "Platform key: " + k.provider().label() + ", ••••••••" + k.lastFour() + ", set by "
                + k.setBy() + " at " + WHEN.format(k.setAt()) + ".").orElse("No platform key: projects without a key "
                + "of their own cannot call an LLM."));
        stored.set(found.isPresent());
    }
}
