package io.qodex.domain.session;

import io.qodex.domain.account.Email;
import io.qodex.domain.common.Secret;

/** Signs in to the database as the user's own login role; a wrong email or password is an AUTHENTICATION problem. */
public interface SessionOpener {

    UserSession open(Email email, Secret password);

    /** The same, as the login role this computer remembers for the address (no lookup), if it knows one. */
    default UserSession open(Email email, java.util.Optional<String> knownRole, Secret password) {
        return open(email, password);
    }
}
