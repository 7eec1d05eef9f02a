package io.qodex.domain.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The keeper's branches that the browser tests in {@code app} do not reach (those run it with the real runner): a
 * check that cannot tell, cancellation, and a job interrupted while waiting. The runner here answers from a script.
 */
class LoginSessionKeeperBranchesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final LoginTarget TARGET = new LoginTarget(LoginScript.of(LoginStep.goTo("${baseUrl}")),
            LoginVariables.none(), "https://app.example.com", new LoggedInCheck.NoPasswordField());

    private final List<String> calls = new ArrayList<>();

    @Test
    void aCheckThatCannotTellDoesNotReplay() {
        ScriptedRunner runner = new ScriptedRunner(new SessionCheck.Unreachable(FailureKind.NAVIGATION,
                "Could not open https://app.example.com: net::ERR_NAME_NOT_RESOLVED."), null);
        Store store = new Store(Optional.of(NOW.plusSeconds(3600)));

        SessionRefresh refresh = new LoginSessionKeeper(runner, Clock.fixed(NOW, ZoneOffset.UTC)).ensureFresh(TARGET,
                store, ReplayListener.ignore());

        assertThat(refresh).isEqualTo(new SessionRefresh.Unavailable("Could not check the session: Could not open "
                + "https://app.example.com: net::ERR_NAME_NOT_RESOLVED.", Optional.empty()));
        assertThat(calls).containsExactly("check");
        assertThat(store.saves).isZero();
    }

    @Test
    void aSessionAboutToExpireIsReplayedWithoutChecking() {
        ScriptedRunner runner = new ScriptedRunner(null, new LoginResult.Cancelled(OptionalInt.of(0), List.of()));
        Store store = new Store(Optional.of(NOW.plusSeconds(60)));

        SessionRefresh refresh = new LoginSessionKeeper(runner, Clock.fixed(NOW, ZoneOffset.UTC)).ensureFresh(TARGET,
                store, ReplayListener.ignore());

        assertThat(refresh).isEqualTo(new SessionRefresh.Cancelled());
        assertThat(calls).containsExactly("replay");
        assertThat(store.saves).isZero();
    }

    @Test
    void interruptingTheWaitingThreadStopsTheJob() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        CompletableFuture<LoginResult> result = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Running<LoginResult> running = new Running<>() {
            @Override
            public void stop() {
                stopped.set(true);
                result.complete(new LoginResult.Cancelled(OptionalInt.of(2), List.of("Cancelled at step 3.")));
            }

            @Override
            public CompletableFuture<LoginResult> result() {
                waiting.countDown(); // await() asks for the result it then waits on
                return result;
            }
        };
        CompletableFuture<LoginResult> awaited = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            awaited.complete(running.await());
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the waiter reached await()").isTrue();

        // interrupted before or while it blocks in get(): either way get() throws InterruptedException
        waiter.interrupt();

        assertThat(awaited.get(10, TimeUnit.SECONDS)).isInstanceOf(LoginResult.Cancelled.class);
        assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stopped).isTrue();
    }

    /** Answers check and replay from the script, recording the calls. */
    private final class ScriptedRunner implements LoginRunner {
        private final @Nullable SessionCheck check;
        private final @Nullable LoginResult replay;

        ScriptedRunner(@Nullable SessionCheck check, @Nullable LoginResult replay) {
            this.check = check;
            this.replay = replay;
        }

        @Override
        public Running<RecordingResult> record(RecordRequest request, RecordingListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Running<LoginResult> replay(ReplayRequest request, ReplayListener listener) {
            calls.add("replay");
            return done(Objects.requireNonNull(replay, "no replay scripted"));
        }

        @Override
        public Running<SessionCheck> check(CheckRequest request, ReplayListener listener) {
            calls.add("check");
            return done(Objects.requireNonNull(check, "no check scripted"));
        }

        @Override
        public LivePage openLivePage(String url, LoginVariables variables) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        private <T> Running<T> done(T value) {
            return new Running<>() {
                @Override
                public void stop() {
                }

                @Override
                public CompletableFuture<T> result() {
                    return CompletableFuture.completedFuture(value);
                }
            };
        }
    }

    private static final class Store implements LoginSessionStore {
        private final Optional<Instant> expiresAt;
        int saves;

        Store(Optional<Instant> expiresAt) {
            this.expiresAt = expiresAt;
        }

        @Override
        public Optional<StoredSession> load() {
            return Optional.of(new StoredSession(Secret.copyOf("{}"), NOW.minusSeconds(600), expiresAt, Optional.empty()));
        }

        @Override
        public void save(CapturedSession session) {
            saves++;
        }
    }
}
