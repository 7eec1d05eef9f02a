package io.qodex.persistence.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.domain.live.Change;
import io.qodex.domain.live.ChangeFeed;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN qodex_changes on a dedicated connection of the signed-in user (STACK.md: ~1-4 ms after commit). Payloads
 * are ids only ({@code notify_change()} in V2). After a lost connection it reconnects with a growing pause and
 * announces {@link Change#RESYNC}, since notifications sent meanwhile are gone.
 */
final class PgChangeFeed implements ChangeFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLL_MILLIS = 250;

    private final DataSource source;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Thread thread;

    PgChangeFeed(DataSource source) {
        this.source = source;
    }

    @Override
    public synchronized Subscription subscribe(Consumer<Change> listener) {
        if (closed) {
            throw new IllegalStateException("the session has ended");
        }
        listeners.add(listener);
        if (thread == null) {
            thread = new Thread(this::listen, "qodex-changes");
            thread.setDaemon(true);
            thread.start();
        }
        return () -> listeners.remove(listener);
    }

    private void listen() {
        boolean first = true;
        long pause = 500;
        while (!closed) {
            try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("listen qodex_changes");
                if (!first) {
                    dispatch(Change.RESYNC);
                    LOG.info("Live refresh reconnected");
                }
                first = false;
                pause = 500;
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            parse(notification.getParameter()).ifPresent(this::dispatch);
                        }
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Live refresh lost its connection ({}); retrying in {} ms", e.getMessage(), pause);
                sleep(pause);
                pause = Math.min(pause * 2, 30_000);
            }
        }
    }

    static Optional<Change> parse(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            String project = node.path("p").asText("");
            OptionalLong projectId = project.matches("[0-9]{1,18}") ? OptionalLong.of(Long.parseLong(project))
                    : OptionalLong.empty();
            return Optional.of(new Change(node.path("t").asText(""), projectId, node.path("id").asText(""),
                    node.path("op").asText("")));
        } catch (IOException e) {
            LOG.warn("Ignored a change notification that is not JSON");
            return Optional.empty();
        }
    }

    private void dispatch(Change change) {
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("A live refresh listener failed", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            listeners.clear();
            running = thread;
        }
        if (running != null) {
            try {
                running.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
