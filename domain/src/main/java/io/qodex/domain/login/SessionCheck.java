package io.qodex.domain.login;

import java.util.Optional;

/** The outcome of "Check session": the stored state, loaded into a fresh headless context, opened a URL and … */
public sealed interface SessionCheck {

    /** … landed logged in at {@code url} (without query or fragment). */
    record LoggedIn(String url) implements SessionCheck {
    }

    /** … landed logged out (or there is no session to check), for {@code reason}. */
    record LoggedOut(String url, String reason, Optional<Screenshot> screenshot) implements SessionCheck {
    }

    /** … could not tell: the page did not load or the browser did not start. */
    record Unreachable(FailureKind kind, String reason) implements SessionCheck {
    }

    /** … was stopped by the user. */
    record Cancelled() implements SessionCheck {
    }
}
