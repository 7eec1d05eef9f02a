package io.qodex.app.environments;

import io.qodex.domain.environment.AuthProfile;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.ProfileDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.jspecify.annotations.Nullable;

/**
 * The Auth profiles tab: one {@link AuthProfileModel} per profile of the draft, refilled in place when another
 * environment is shown, and the name of the next profile to add.
 */
public final class AuthProfilesModel {

    private final Consumer<UnaryOperator<EnvironmentDraft>> edits;
    private final ObservableMap<String, String> problems;
    private final ObservableMap<String, String> loginResults;
    private final Consumer<String> testLogin;
    private final ObservableList<AuthProfileModel> profiles = FXCollections.observableArrayList();
    private final StringProperty newName = new SimpleStringProperty("");
    private final BooleanBinding canAdd = newName.isNotEmpty();
    private @Nullable Environment stored;

    /**
     * @param loginResults the last "Test login" outcome per profile name
     * @param testLogin    runs the HTTP login of the profile with that name
     */
    AuthProfilesModel(Consumer<UnaryOperator<EnvironmentDraft>> edits, ObservableMap<String, String> problems,
                      ObservableMap<String, String> loginResults, Consumer<String> testLogin) {
        this.edits = edits;
        this.problems = problems;
        this.loginResults = loginResults;
        this.testLogin = testLogin;
    }

    public ObservableList<AuthProfileModel> profiles() {
        return profiles;
    }

    public StringProperty newName() {
        return newName;
    }

    public BooleanBinding canAdd() {
        return canAdd;
    }

    /** Shows a draft's profiles, reusing the cards there are; {@code saved} tells which secrets are stored. */
    void fill(EnvironmentDraft draft, Environment saved) {
        stored = saved;
        List<ProfileDraft> drafts = draft.profiles();
        if (profiles.size() > drafts.size()) {
            profiles.remove(drafts.size(), profiles.size());
        }
        List<AuthProfileModel> added = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            AuthProfileModel profile = i < profiles.size() ? profiles.get(i) : new AuthProfileModel(this);
            profile.fill(drafts.get(i), saved(drafts.get(i).name()));
            if (i >= profiles.size()) {
                added.add(profile);
            }
        }
        profiles.addAll(added);
    }

    /** Adds a profile with the typed name (stripped) and clears the name. */
    public void add() {
        if (!canAdd.get()) {
            return;
        }
        ProfileDraft profile = ProfileDraft.named(newName.get().strip());
        edits.accept(d -> {
            List<ProfileDraft> next = new ArrayList<>(d.profiles());
            next.add(profile);
            return d.withProfiles(next);
        });
        newName.set("");
        AuthProfileModel card = new AuthProfileModel(this);
        card.fill(profile, saved(profile.name()));
        profiles.add(card);
    }

    private Optional<AuthProfile> saved(String profileName) {
        return stored == null ? Optional.empty() : stored.profile(profileName);
    }

    void remove(AuthProfileModel profile) {
        int index = profiles.indexOf(profile);
        if (index < 0) {
            return;
        }
        edits.accept(d -> {
            List<ProfileDraft> next = new ArrayList<>(d.profiles());
            next.remove(index);
            return d.withProfiles(next);
        });
        profiles.remove(index);
    }

    void edit(AuthProfileModel profile, UnaryOperator<ProfileDraft> change) {
        int index = profiles.indexOf(profile);
        if (index < 0) {
            return;
        }
        edits.accept(d -> {
            List<ProfileDraft> next = new ArrayList<>(d.profiles());
            if (index < next.size()) {
                next.set(index, change.apply(next.get(index)));
            }
            return d.withProfiles(next);
        });
    }

    void testLogin(String profileName) {
        testLogin.accept(profileName);
    }

    StringBinding loginResultOf(ObservableStringValue profileName) {
        return Bindings.createStringBinding(() -> loginResults.getOrDefault(profileName.get(), ""), loginResults,
                profileName);
    }

    /** The message for a field of a profile ({@code authProfiles[i].email}); it follows the profile when others go. */
    StringBinding problemOf(AuthProfileModel profile, String field) {
        return Bindings.createStringBinding(() -> problems.getOrDefault("authProfiles[" + profiles.indexOf(profile)
                + "]" + field, ""), problems, profiles);
    }
}
