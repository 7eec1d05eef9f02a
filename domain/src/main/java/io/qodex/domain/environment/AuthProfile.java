package io.qodex.domain.environment;

import java.util.Optional;

/**
 * One named way to sign in to the target app (admin, user, viewer …). The email is the target app's login
 * identifier ({@code ${authEmail}}): usually an email address, sometimes a plain user name; both are accepted.
 * Password and static token are stored only as ciphertext. The recorded UI login (F8) lives beside these in
 * the same row; {@code uiLoginRecorded} tells whether one exists.
 */
public record AuthProfile(long id, ProfileName name, Optional<String> email, Optional<SealedSecret> password,
                          Optional<SealedSecret> staticToken, Optional<ApiLoginConfig> apiLogin,
                          boolean uiLoginRecorded) {

    public static final int MAX_EMAIL_LENGTH = 254;
}
