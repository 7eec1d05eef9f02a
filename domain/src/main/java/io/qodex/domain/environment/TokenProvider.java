package io.qodex.domain.environment;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gets a token for an auth profile in the order of F7: the static token; else a cached token (30 minutes, per
 * environment and profile); else the HTTP login (whose token is then cached); else a UI login's bearer token.
 * Cached tokens live in this object's memory, are never logged, and are wiped when they expire, when the environment
 * is saved ({@link #clear}) and on {@link #close()}. A {@link SharedCache} also keeps them for other processes of the
 * same holder (a CI job's commands, each its own process).
 */
public final class TokenProvider implements AutoCloseable {

    public static final Duration TTL = Duration.ofMinutes(30);

    private record Key(long environmentId, String profile) {
    }

    private record Cached(Secret token, Instant expires) {
        @Override
        public String toString() {
            return "Cached[****, " + expires + "]";
        }
    }

    /** Tokens kept beyond this process, encrypted for their holder only; a failure to keep one loses nothing. */
    public interface SharedCache {
        SharedCache NONE = new SharedCache() {
            @Override
            public Optional<Secret> get(long environmentId, String profile, Instant now) {
                return Optional.empty();
            }

            @Override
            public void put(long environmentId, String profile, Secret token, Instant expires) {
                // kept in memory only
            }
        };

        /** The live cached token (the caller closes it), if there is one. */
        Optional<Secret> get(long environmentId, String profile, Instant now);

        void put(long environmentId, String profile, Secret token, Instant expires);
    }

    private final LoginTester logins;
    private final UiLoginTokens uiLogins;
    private final Clock clock;
    private final SharedCache shared;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();

    public TokenProvider(LoginTester logins, UiLoginTokens uiLogins, Clock clock) {
        this(logins, uiLogins, clock, SharedCache.NONE);
    }

    public TokenProvider(LoginTester logins, UiLoginTokens uiLogins, Clock clock, SharedCache shared) {
        this.logins = logins;
        this.uiLogins = uiLogins;
        this.clock = clock;
        this.shared = shared;
    }

    /**
     * What the precedence gave: a token (the caller closes it); when an HTTP login ran, what it said (status, latency,
     * last four) or, if it failed, its outcome; none of them when the profile has no way to get a token.
     */
    public record Attempt(Optional<Token> token, Optional<String> loginMessage, Optional<LoginOutcome> failure) {
    }

    /** A token for the profile; the caller closes it. A failed HTTP login is an error with its exact reason. */
    public Token token(long environmentId, EnvironmentSpec spec, EnvironmentSpec.ProfileSpec profile,
                       Bindings.StoredSecrets stored) {
        Attempt attempt = attempt(environmentId, spec, profile, stored);
        if (attempt.token().isPresent()) {
            return attempt.token().get();
        }
        String name = profile.name().value();
        if (attempt.failure().isPresent()) {
            throw failure(name, attempt.failure().get());
        }
        throw QodexException.notFound("The profile " + name + " has no way to get a token: set a static token or an "
                + "HTTP login, or record a UI login.");
    }

    /** The precedence of F7: static token, cached token (30 minutes), HTTP login, the UI login's captured token. */
    public Attempt attempt(long environmentId, EnvironmentSpec spec, EnvironmentSpec.ProfileSpec profile,
                           Bindings.StoredSecrets stored) {
        String name = profile.name().value();
        if (profile.staticToken() instanceof SecretInput.Replace replace) {
            return found(new Token(replace.value().copy(), TokenSource.STATIC_TOKEN));
        }
        if (profile.staticToken() instanceof SecretInput.Keep && profile.storedStaticToken().isPresent()) {
            return found(new Token(stored.open(io.qodex.domain.secret.SecretField.AUTH_STATIC_TOKEN,
                    profile.id().orElseThrow(), profile.storedStaticToken().get()), TokenSource.STATIC_TOKEN));
        }
        Key key = new Key(environmentId, name);
        Optional<Secret> cached = cached(key).or(() -> shared.get(environmentId, name, clock.instant()));
        if (cached.isPresent()) {
            return found(new Token(cached.get(), TokenSource.CACHE));
        }
        if (profile.apiLogin().isPresent()) {
            long generation = generation(environmentId).get();
            LoginOutcome outcome = logins.run(spec, profile, stored);
            if (outcome instanceof LoginOutcome.Success success) {
                if (generation == generation(environmentId).get()) {
                    Instant expires = clock.instant().plus(TTL);
                    Cached previous = cache.put(key, new Cached(success.token().copy(), expires));
                    if (previous != null) {
                        previous.token().close();
                    }
                    shared.put(environmentId, name, success.token(), expires);
                }
                return new Attempt(Optional.of(new Token(success.token(), TokenSource.HTTP_LOGIN)),
                        Optional.of(outcome.message()), Optional.empty());
            }
            return new Attempt(Optional.empty(), Optional.empty(), Optional.of(outcome));
        }
        Optional<Secret> fromUi = uiLogins.bearerToken(environmentId, name);
        return fromUi.map(token -> found(new Token(token, TokenSource.UI_LOGIN)))
                .orElseGet(() -> new Attempt(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static Attempt found(Token token) {
        return new Attempt(Optional.of(token), Optional.empty(), Optional.empty());
    }

    /** Forgets (and wipes) every cached token of an environment; a login already running will not be cached. */
    public void clear(long environmentId) {
        generation(environmentId).incrementAndGet();
        cache.entrySet().removeIf(entry -> {
            if (entry.getKey().environmentId() == environmentId) {
                entry.getValue().token().close();
                return true;
            }
            return false;
        });
    }

    /** Whether a live cached token exists (for the editor's status line). */
    public boolean hasCachedToken(long environmentId, String profile) {
        return cachedUntil(environmentId, profile).isPresent();
    }

    /** How much longer the cached token of the profile is used, if there is a live one. */
    public Optional<Duration> cachedFor(long environmentId, String profile) {
        return cachedUntil(environmentId, profile).map(until -> Duration.between(clock.instant(), until));
    }

    /** Until when the cached token of the profile is used, if there is a live one. */
    public Optional<Instant> cachedUntil(long environmentId, String profile) {
        Cached cached = cache.get(new Key(environmentId, profile));
        return cached != null && clock.instant().isBefore(cached.expires()) ? Optional.of(cached.expires())
                : Optional.empty();
    }

    private Optional<Secret> cached(Key key) {
        Cached cached = cache.get(key);
        if (cached == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(cached.expires())) {
            if (cache.remove(key, cached)) {
                cached.token().close();
            }
            return Optional.empty();
        }
        try {
            return Optional.of(cached.token().copy());
        } catch (IllegalStateException wipedMeanwhile) {
            return Optional.empty();
        }
    }

    private AtomicLong generation(long environmentId) {
        return generations.computeIfAbsent(environmentId, id -> new AtomicLong());
    }

    private static QodexException failure(String profile, LoginOutcome outcome) {
        Problem problem;
        if (outcome instanceof LoginOutcome.InvalidConfig || outcome instanceof LoginOutcome.InvalidPath) {
            problem = Problem.INVALID_INPUT;
        } else if (outcome instanceof LoginOutcome.HttpError error && (error.status() == 401 || error.status() == 403)) {
            problem = Problem.AUTHENTICATION;
        } else {
            problem = Problem.UNAVAILABLE;
        }
        return new QodexException(problem, null, "The HTTP login of profile " + profile + " failed. "
                + outcome.message(), null);
    }

    @Override
    public void close() {
        cache.values().forEach(c -> c.token().close());
        cache.clear();
    }
}
