package io.qodex.app.runtime;

import io.qodex.domain.login.CheckRequest;
import io.qodex.domain.login.LivePage;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.LoginRunner;
import io.qodex.domain.login.LoginVariables;
import io.qodex.domain.login.RecordRequest;
import io.qodex.domain.login.RecordingListener;
import io.qodex.domain.login.RecordingResult;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.ReplayRequest;
import io.qodex.domain.login.Running;
import io.qodex.domain.login.SessionCheck;

/**
 * A Playwright runner started only when a login is first recorded, replayed or checked (starting Playwright unpacks a
 * driver and launches a browser: nothing for sign-in to wait on). Closed by whoever owns it (the backend, a CI
 * session).
 */
final class LazyLoginRunner implements LoginRunner {

    private final java.util.function.Supplier<LoginRunner> owner;

    LazyLoginRunner(java.util.function.Supplier<LoginRunner> owner) {
        this.owner = owner;
    }

    @Override
    public Running<RecordingResult> record(RecordRequest request, RecordingListener listener) {
        return owner.get().record(request, listener);
    }

    @Override
    public Running<LoginResult> replay(ReplayRequest request, ReplayListener listener) {
        return owner.get().replay(request, listener);
    }

    @Override
    public Running<SessionCheck> check(CheckRequest request, ReplayListener listener) {
        return owner.get().check(request, listener);
    }

    @Override
    public LivePage openLivePage(String url, LoginVariables variables) {
        return owner.get().openLivePage(url, variables);
    }

    @Override
    public void close() {
        // its owner closes the runner
    }
}
