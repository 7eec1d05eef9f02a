package io.qodex.domain.login;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the session of an auth profile fresh (F8): "Replay" (replay, then store what was captured), "Check session",
 * and {@link #ensureFresh} for a UI step that needs the session (check it, and if it is missing, expired or fails the
 * check, capture it again by replaying). Methods block the calling thread (run them off the UI thread); interrupting
 * that thread stops the browser job. Nothing is stored unless a replay captured a complete session.
 */
public final class LoginSessionKeeper {

    /** A session expiring within this margin is re-captured without checking it. */
    public static final Duration DEFAULT_MARGIN = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(LoginSessionKeeper.class);

    private final LoginRunner runner;
    private final Clock clock;
    private final Duration margin;

    public LoginSessionKeeper(LoginRunner runner, Clock clock) {
        this(runner, clock, DEFAULT_MARGIN);
    }

    public LoginSessionKeeper(LoginRunner runner, Clock clock, Duration margin) {
        this.runner = runner;
        this.clock = clock;
        this.margin = margin;
    }

    /** "Replay": runs the steps; when it captured a session, stores it and returns it (the caller closes it). */
    public LoginResult replayAndStore(LoginTarget target, LoginSessionStore store, ReplayListener listener) {
        LoginResult result = runner.replay(new ReplayRequest(target.script(), target.variables()), listener).await();
        if (result instanceof LoginResult.Captured captured) {
            try {
                store.save(captured.session());
            } catch (RuntimeException e) {
                captured.session().close();
                throw e;
            }
        }
        return result;
    }

    /** "Check session": whether the stored session still lands logged in on the target's check URL. */
    public SessionCheck check(LoginTarget target, LoginSessionStore store, ReplayListener listener) {
        Optional<StoredSession> stored = store.load();
        if (stored.isEmpty()) {
            return new SessionCheck.LoggedOut(target.checkUrl(), "No session has been captured yet: replay the login.",
                    Optional.empty());
        }
        try (StoredSession session = stored.get()) {
            return check(target, session, listener);
        }
    }

    /**
     * For a UI step that needs the session: returns the stored session if it is fresh and passes the check, else
     * replays the login, stores the new session and returns it.
     */
    public SessionRefresh ensureFresh(LoginTarget target, LoginSessionStore store, ReplayListener listener) {
        Optional<StoredSession> stored = store.load();
        String why;
        if (stored.isEmpty()) {
            why = "no session had been captured";
        } else {
            StoredSession session = stored.get();
            SessionFreshness freshness = session.freshness(clock.instant());
            if (freshness.needsRecapture(margin)) {
                session.close();
                why = freshness instanceof SessionFreshness.Expired ? "the session had expired"
                        : "the session was about to expire (" + freshness.label() + ")";
            } else {
                SessionCheck check = check(target, session, listener);
                if (check instanceof SessionCheck.LoggedIn) {
                    return new SessionRefresh.StillValid(session);
                }
                session.close();
                if (check instanceof SessionCheck.Cancelled) {
                    return new SessionRefresh.Cancelled();
                }
                if (check instanceof SessionCheck.Unreachable unreachable) {
                    return new SessionRefresh.Unavailable("Could not check the session: " + unreachable.reason(),
                            Optional.empty());
                }
                why = "the session failed the check (" + ((SessionCheck.LoggedOut) check).reason() + ")";
            }
        }
        LOG.info("Re-capturing the login session: {}", why);
        listener.log("Re-capturing the session: " + why + ".");
        LoginResult result = replayAndStore(target, store, listener);
        if (result instanceof LoginResult.Captured captured) {
            return new SessionRefresh.Recaptured(captured.session(), why);
        }
        if (result instanceof LoginResult.Failed failed) {
            return new SessionRefresh.Unavailable("Replaying the login failed: " + failed.summary(), Optional.of(failed));
        }
        return new SessionRefresh.Cancelled();
    }

    private SessionCheck check(LoginTarget target, StoredSession session, ReplayListener listener) {
        return runner.check(new CheckRequest(session.storageState(), target.checkUrl(), target.check(), target.variables()),
                listener).await();
    }
}
