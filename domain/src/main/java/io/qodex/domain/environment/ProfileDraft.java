package io.qodex.domain.environment;

import java.util.Optional;
import java.util.OptionalLong;

/** An auth profile being edited; secrets as {@link SecretInput}s. */
public record ProfileDraft(OptionalLong id, String name, String email, SecretInput password, SecretInput staticToken,
                           Optional<ApiLoginDraft> apiLogin) {

    public static ProfileDraft named(String name) {
        return new ProfileDraft(OptionalLong.empty(), name, "", SecretInput.KEEP, SecretInput.KEEP, Optional.empty());
    }

    public static ProfileDraft of(AuthProfile stored) {
        return new ProfileDraft(OptionalLong.of(stored.id()), stored.name().value(), stored.email().orElse(""),
                SecretInput.KEEP, SecretInput.KEEP, stored.apiLogin().map(ApiLoginDraft::of));
    }

    public ProfileDraft withEmail(String newEmail) {
        return new ProfileDraft(id, name, newEmail, password, staticToken, apiLogin);
    }

    public ProfileDraft withPassword(SecretInput newPassword) {
        return new ProfileDraft(id, name, email, newPassword, staticToken, apiLogin);
    }

    public ProfileDraft withStaticToken(SecretInput newToken) {
        return new ProfileDraft(id, name, email, password, newToken, apiLogin);
    }

    public ProfileDraft withApiLogin(Optional<ApiLoginDraft> newLogin) {
        return new ProfileDraft(id, name, email, password, staticToken, newLogin);
    }

    @Override
    public String toString() {
        return "ProfileDraft[" + name + "]";
    }
}
