package io.qodex.app.adapters.browser;

import io.qodex.domain.login.CapturedSession;
import io.qodex.domain.login.LoginSessionStore;
import io.qodex.domain.login.StoredSession;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A session store in memory, counting saves. */
final class InMemorySessionStore implements LoginSessionStore {

    private Optional<StoredSession> stored = Optional.empty();
    private final AtomicInteger saves = new AtomicInteger();

    @Override
    public synchronized Optional<StoredSession> load() {
        return stored.map(session -> new StoredSession(session.storageState().copy(), session.capturedAt(),
                session.expiresAt(), session.bearerToken().map(io.qodex.domain.common.Secret::copy)));
    }

    @Override
    public synchronized void save(CapturedSession session) {
        stored.ifPresent(StoredSession::close);
        stored = Optional.of(session.toStored());
        saves.incrementAndGet();
    }

    int saves() {
        return saves.get();
    }

    synchronized Optional<StoredSession> peek() {
        return stored;
    }
}
