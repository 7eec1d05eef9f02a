package io.qodex.app.environments;

import io.qodex.app.common.Tasks;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.Preview;
import io.qodex.domain.environment.ProfileDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import javafx.animation.PauseTransition;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableObjectValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The Preview tab: the draft's values resolved in the background (with one auth profile, or none) and masked where
 * a secret went in. It follows edits a quarter of a second after the last one.
 */
public final class PreviewModel {

    private final ObservableObjectValue<@Nullable EnvironmentDraft> draft;
    private final BiFunction<EnvironmentDraft, Optional<String>, Preview> resolve;
    private final ObservableList<Preview.Line> lines = FXCollections.observableArrayList();
    private final ObservableList<String> profileChoices = FXCollections.observableArrayList("");
    private final StringProperty profile = new SimpleStringProperty("");
    private final PauseTransition delay = new PauseTransition(Duration.millis(250));

    /** @param resolve computes the preview of a draft (runs off the FX thread) */
    PreviewModel(ObservableObjectValue<@Nullable EnvironmentDraft> draft,
                 BiFunction<EnvironmentDraft, Optional<String>, Preview> resolve) {
        this.draft = draft;
        this.resolve = resolve;
        delay.setOnFinished(e -> refresh());
        profile.addListener((obs, old, now) -> refresh());
    }

    public ObservableList<Preview.Line> lines() {
        return lines;
    }

    /** "" (no profile) and the names of the draft's profiles as it was loaded. */
    public ObservableList<String> profileChoices() {
        return profileChoices;
    }

    public StringProperty profile() {
        return profile;
    }

    /** The profile chosen in the Preview tab; {@code null} (nothing chosen) means none. */
    public void choose(@Nullable String profileName) {
        profile.set(profileName == null ? "" : profileName);
    }

    /** A newly loaded draft: offers its profiles and resolves it now. */
    void loaded(EnvironmentDraft loaded) {
        List<String> names = new ArrayList<>();
        names.add("");
        loaded.profiles().stream().map(ProfileDraft::name).forEach(names::add);
        if (!profileChoices.equals(names)) {
            profileChoices.setAll(names);
        }
        refresh();
    }

    /** The draft was edited: resolve it once the edits pause. */
    void edited() {
        delay.playFromStart();
    }

    void refresh() {
        EnvironmentDraft current = draft.get();
        if (current == null) {
            lines.clear();
            return;
        }
        String chosen = profile.get();
        Optional<String> with = chosen == null || chosen.isBlank() ? Optional.empty() : Optional.of(chosen);
        Tasks.run(() -> resolve.apply(current, with))
                .onSuccess(result -> {
                    if (draft.get() == current && !lines.equals(result.lines())) {
                        lines.setAll(result.lines());
                    }
                })
                .onError(problem -> lines.clear())
                .start();
    }

    void dispose() {
        delay.stop();
        lines.clear();
    }
}
