package io.qodex.app.environments;

import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.AuthProfile;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One auth profile card: email, password and static token (an empty field keeps what is stored, or leaves it unset),
 * the optional HTTP login, and the result of "Test login".
 */
public final class AuthProfileModel {

    private final AuthProfilesModel owner;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty staticToken = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper passwordStored = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper staticTokenStored = new ReadOnlyBooleanWrapper();
    private final BooleanProperty httpLogin = new SimpleBooleanProperty();
    private final StringProperty method = new SimpleStringProperty("");
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty headers = new SimpleStringProperty("");
    private final StringProperty body = new SimpleStringProperty("");
    private final StringProperty tokenPath = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper uiLoginRecorded = new ReadOnlyBooleanWrapper();
    private final StringBinding loginResult;
    private boolean filling;

    AuthProfileModel(AuthProfilesModel owner) {
        this.owner = owner;
        this.loginResult = owner.loginResultOf(name);
        email.addListener((obs, old, text) -> edit(p -> p.withEmail(text)));
        password.addListener((obs, old, text) -> edit(p -> p.withPassword(
                secretInput(text, passwordStored.get()))));
        staticToken.addListener((obs, old, text) -> edit(p -> p.withStaticToken(
                secretInput(text, staticTokenStored.get()))));
        for (javafx.beans.value.ObservableValue<?> part : List.of(httpLogin, method, url, headers, body, tokenPath)) {
            part.addListener((obs, old, now) -> edit(p -> p.withApiLogin(apiLogin())));
        }
    }

    /** Shows a profile as the draft holds it; {@code saved} (the stored profile of that name) tells what is stored. */
    void fill(ProfileDraft profile, Optional<AuthProfile> saved) {
        ApiLoginDraft login = profile.apiLogin().orElse(ApiLoginDraft.defaults());
        filling = true;
        try {
            name.set(profile.name());
            email.set(profile.email());
            password.set("");
            staticToken.set("");
            passwordStored.set(saved.flatMap(AuthProfile::password).isPresent());
            staticTokenStored.set(saved.flatMap(AuthProfile::staticToken).isPresent());
            httpLogin.set(profile.apiLogin().isPresent());
            method.set(login.method());
            url.set(login.url());
            headers.set(String.join("\n", login.headers().stream().map(LoginHeader::toString).toList()));
            body.set(login.body());
            tokenPath.set(login.tokenPath());
            uiLoginRecorded.set(saved.map(AuthProfile::uiLoginRecorded).orElse(false));
        } finally {
            filling = false;
        }
    }

    /** An empty field keeps a stored secret, or leaves the slot unset; anything typed replaces it. */
    static SecretInput secretInput(String typed, boolean stored) {
        if (typed.isEmpty()) {
            return stored ? SecretInput.KEEP : SecretInput.CLEAR;
        }
        return SecretInput.replace(Secret.copyOf(typed));
    }

    private Optional<ApiLoginDraft> apiLogin() {
        return httpLogin.get() ? Optional.of(new ApiLoginDraft(method.get(), url.get(), parseHeaders(headers.get()),
                body.get(), tokenPath.get())) : Optional.empty();
    }

    /** One header per line, "Name: value"; blank lines are skipped, a line without a colon is a name alone. */
    static List<LoginHeader> parseHeaders(String text) {
        List<LoginHeader> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            parsed.add(colon < 0 ? new LoginHeader(line.strip(), "")
                    : new LoginHeader(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return parsed;
    }

    private void edit(UnaryOperator<ProfileDraft> change) {
        if (!filling) {
            owner.edit(this, change);
        }
    }

    public void remove() {
        owner.remove(this);
    }

    /** Runs the profile's HTTP login as the draft has it now; the outcome appears in {@link #loginResult()}. */
    public void testLogin() {
        owner.testLogin(name.get());
    }

    /** The message for a field of this profile ({@code email}, {@code apiLogin.url} …), or "". */
    public StringBinding problem(String field) {
        return owner.problemOf(this, "." + field);
    }

    public ReadOnlyStringProperty name() {
        return name.getReadOnlyProperty();
    }

    public StringProperty email() {
        return email;
    }

    public StringProperty password() {
        return password;
    }

    public StringProperty staticToken() {
        return staticToken;
    }

    public ReadOnlyBooleanProperty passwordStored() {
        return passwordStored.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty staticTokenStored() {
        return staticTokenStored.getReadOnlyProperty();
    }

    public BooleanProperty httpLogin() {
        return httpLogin;
    }

    public StringProperty method() {
        return method;
    }

    public StringProperty url() {
        return url;
    }

    public StringProperty headers() {
        return headers;
    }

    public StringProperty body() {
        return body;
    }

    public StringProperty tokenPath() {
        return tokenPath;
    }

    public ReadOnlyBooleanProperty uiLoginRecorded() {
        return uiLoginRecorded.getReadOnlyProperty();
    }

    public StringBinding loginResult() {
        return loginResult;
    }
}
