package io.qodex.domain.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** F7 token precedence: static token, cached (30 minutes), HTTP login, UI login; the cache is cleared on save. */
class TokenProviderTest {

    /** A login server stand-in at the port: answers with the next token, or the given failure. */
    private static final class ScriptedLogins implements HttpLoginClient {
        final List<LoginRequest> requests = new ArrayList<>();
        Function<LoginRequest, LoginOutcome> answer = r -> new LoginOutcome.Success(200, Duration.ofMillis(5),
                Secret.copyOf("token-number-" + (requests.size())));

        @Override
        public LoginOutcome send(LoginRequest request) {
            requests.add(request);
            return answer.apply(request);
        }

        @Override
        public Optional<String> tokenPathProblem(String tokenPath) {
            return Optional.empty();
        }
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ScriptedLogins http = new ScriptedLogins();
    private final MovableClock clock = new MovableClock();
    private Optional<Secret> uiToken = Optional.empty();
    private final TokenProvider tokens = new TokenProvider(new LoginTester(http, Duration.ofSeconds(1)),
            (environmentId, profile) -> uiToken, clock);

    private static EnvironmentSpec spec(SecretInput staticToken, boolean httpLogin) {
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA", "https://qa.example.com", "")
                .withProfile("admin", p -> p.withEmail("admin@example.com")
                        .withPassword(SecretInput.replace(Secret.copyOf("correct \"horse\"")))
                        .withStaticToken(staticToken)
                        .withApiLogin(httpLogin ? Optional.of(ApiLoginDraft.defaults()) : Optional.empty()));
        return ((CheckedDraft.Valid) new DraftChecker(List.of(), p -> Optional.empty()).check(draft)).spec();
    }

    private Token token(EnvironmentSpec spec) {
        return tokens.token(42, spec, spec.profile("admin").orElseThrow(), Bindings.StoredSecrets.NEVER);
    }

    @Test
    void aStaticTokenWinsWithoutAnyLogin() {
        try (Token token = token(spec(SecretInput.replace(Secret.copyOf("static-token-abcd")), true))) {
            assertThat(token.source()).isEqualTo(TokenSource.STATIC_TOKEN);
            assertThat(token.value().reveal()).isEqualTo("static-token-abcd");
        }
        assertThat(http.requests).isEmpty();
    }

    @Test
    void theHttpLoginIsCachedForThirtyMinutesPerEnvironmentAndProfile() {
        EnvironmentSpec spec = spec(SecretInput.KEEP, true);
        try (Token first = token(spec)) {
            assertThat(first.source()).isEqualTo(TokenSource.HTTP_LOGIN);
            assertThat(first.value().reveal()).isEqualTo("token-number-1");
        }
        LoginRequest sent = http.requests.get(0);
        assertThat(sent.url().toString()).isEqualTo("https://qa.example.com/login");
        assertThat(sent.body()).isEqualTo("{\"email\": \"admin@example.com\", \"password\": \"correct \\\"horse\\\"\"}");
        assertThat(sent.toString()).doesNotContain("horse");

        clock.now = clock.now.plus(Duration.ofMinutes(29));
        try (Token cached = token(spec)) {
            assertThat(cached.source()).isEqualTo(TokenSource.CACHE);
            assertThat(cached.value().reveal()).isEqualTo("token-number-1");
        }
        assertThat(tokens.hasCachedToken(42, "admin")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        try (Token fresh = token(spec)) {
            assertThat(fresh.source()).isEqualTo(TokenSource.HTTP_LOGIN);
            assertThat(fresh.value().reveal()).isEqualTo("token-number-2");
        }
    }

    @Test
    void clearingTheEnvironmentForgetsItsTokens() {
        EnvironmentSpec spec = spec(SecretInput.KEEP, true);
        token(spec).close();
        tokens.clear(42);
        assertThat(tokens.hasCachedToken(42, "admin")).isFalse();
        try (Token again = token(spec)) {
            assertThat(again.source()).isEqualTo(TokenSource.HTTP_LOGIN);
        }
        assertThat(http.requests).hasSize(2);
    }

    @Test
    void aLoginThatFinishesAfterASaveIsNotCached() {
        EnvironmentSpec spec = spec(SecretInput.KEEP, true);
        http.answer = r -> {
            tokens.clear(42); // the environment is saved while the login runs
            return new LoginOutcome.Success(200, Duration.ofMillis(5), Secret.copyOf("token-from-old-config"));
        };
        token(spec).close();
        assertThat(tokens.hasCachedToken(42, "admin")).isFalse();
    }

    @Test
    void aFailedHttpLoginIsAnErrorWithItsReasonAndNoFallback() {
        http.answer = r -> new LoginOutcome.HttpError(401, Duration.ofMillis(3), "bad credentials");
        uiToken = Optional.of(Secret.copyOf("ui-token-xyz"));
        assertThatThrownBy(() -> token(spec(SecretInput.KEEP, true)))
                .isInstanceOfSatisfying(QodexException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.AUTHENTICATION))
                .hasMessageContaining("HTTP 401").hasMessageContaining("bad credentials");
    }

    @Test
    void withoutStaticTokenOrHttpLoginTheUiLoginIsAskedLast() {
        uiToken = Optional.of(Secret.copyOf("ui-token-xyz"));
        try (Token token = token(spec(SecretInput.KEEP, false))) {
            assertThat(token.source()).isEqualTo(TokenSource.UI_LOGIN);
        }
        uiToken = Optional.empty();
        assertThatThrownBy(() -> token(spec(SecretInput.KEEP, false)))
                .isInstanceOf(QodexException.class).hasMessageContaining("no way to get a token");
    }

    @Test
    void closingWipesTheCache() {
        EnvironmentSpec spec = spec(SecretInput.KEEP, true);
        token(spec).close();
        tokens.close();
        assertThat(tokens.hasCachedToken(42, "admin")).isFalse();
    }

    @Test
    void aSharedCacheServesTheNextProcessUntilItsTokenExpires() {
        java.util.Map<String, String> kept = new java.util.HashMap<>();
        java.util.Map<String, Instant> until = new java.util.HashMap<>();
        TokenProvider.SharedCache files = new TokenProvider.SharedCache() {
            @Override
            public Optional<Secret> get(long environmentId, String profile, Instant now) {
                String key = environmentId + "/" + profile;
                return kept.containsKey(key) && now.isBefore(until.get(key))
                        ? Optional.of(Secret.copyOf(kept.get(key))) : Optional.empty();
            }

            @Override
            public void put(long environmentId, String profile, Secret token, Instant expires) {
                kept.put(environmentId + "/" + profile, token.reveal());
                until.put(environmentId + "/" + profile, expires);
            }
        };
        EnvironmentSpec spec = spec(SecretInput.KEEP, true);
        LoginTester tester = new LoginTester(http, Duration.ofSeconds(1));
        try (TokenProvider first = new TokenProvider(tester, (e, p) -> Optional.empty(), clock, files);
             Token token = first.token(42, spec, spec.profile("admin").orElseThrow(), Bindings.StoredSecrets.NEVER)) {
            assertThat(token.source()).isEqualTo(TokenSource.HTTP_LOGIN);
        }
        assertThat(until.get("42/admin")).isEqualTo(clock.now.plus(TokenProvider.TTL));
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        try (TokenProvider second = new TokenProvider(tester, (e, p) -> Optional.empty(), clock, files);
             Token token = second.token(42, spec, spec.profile("admin").orElseThrow(), Bindings.StoredSecrets.NEVER)) {
            assertThat(token.source()).isEqualTo(TokenSource.CACHE);
            assertThat(token.value().reveal()).isEqualTo("token-number-1");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        try (TokenProvider third = new TokenProvider(tester, (e, p) -> Optional.empty(), clock, files);
             Token token = third.token(42, spec, spec.profile("admin").orElseThrow(), Bindings.StoredSecrets.NEVER)) {
            assertThat(token.source()).isEqualTo(TokenSource.HTTP_LOGIN);
        }
        assertThat(http.requests).hasSize(2);
    }
}
