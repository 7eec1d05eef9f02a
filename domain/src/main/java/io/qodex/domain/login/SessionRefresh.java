package io.qodex.domain.login;

import java.util.Optional;

/** The outcome of {@link LoginSessionKeeper#ensureFresh}: a session ready for use, or why there is none. */
public sealed interface SessionRefresh {

    /** The stored session passed the check; the caller uses then closes it. */
    record StillValid(StoredSession session) implements SessionRefresh {
    }

    /** The stored session was missing, expired or failed the check ({@code why}); a replay captured and stored this one. */
    record Recaptured(CapturedSession session, String why) implements SessionRefresh {
    }

    /** No usable session: {@code reason} says why (site unreachable, or the replay failed, with its outcome). */
    record Unavailable(String reason, Optional<LoginResult.Failed> replay) implements SessionRefresh {
    }

    /** The user stopped it. */
    record Cancelled() implements SessionRefresh {
    }
}
