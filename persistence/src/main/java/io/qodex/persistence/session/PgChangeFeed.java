package io.qodex.persistence.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.domain.live.Change;
import io.qodex.domain.live.ChangeFeed;
import io.qodex.domain.live.FeedState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * LISTEN on a dedicated connection of the signed-in user (~1-4 ms after commit) to the user's own channel and one per
 * project they may see, named by {@code my_channels()}: random names only members can read, renamed when someone leaves
 * a project ({@code notify_change()} in V7). A notification is a hint to re-read through row-level security, nothing
 * more. A connection that stops answering is noticed within seconds; the
 * feed reconnects with a growing pause (1 s doubling to 30 s), reports each state, and announces
 * {@link Change#RESYNC} after reconnecting, since notifications sent meanwhile are gone.
 */
final class PgChangeFeed implements ChangeFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLL_MILLIS = 250;
    private static final int CHECK_EVERY_POLLS = 8;

    private final DataSource source;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<FeedState>> watchers = new CopyOnWriteArrayList<>();
    private volatile FeedState state = new FeedState.Stopped();
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
        startIfNeeded();
        return () -> listeners.remove(listener);
    }

    @Override
    public synchronized Subscription watch(Consumer<FeedState> watcher) {
        watchers.add(watcher);
        watcher.accept(state);
        startIfNeeded();
        return () -> watchers.remove(watcher);
    }

    private void startIfNeeded() {
        if (thread == null && !closed) {
            thread = new Thread(this::listen, "qodex-changes");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void listen() {
        boolean first = true;
        int attempt = 0;
        while (!closed) {
            try (Connection connection = source.getConnection()) {
                connection.setAutoCommit(true);
                Map<String, OptionalLong> channels = new HashMap<>();
                listen(connection, channels);
                report(new FeedState.Connected());
                if (!first) {
                    dispatch(Change.RESYNC);
                    LOG.info("Live refresh reconnected");
                }
                first = false;
                attempt = 0;
                PGConnection postgres = connection.unwrap(PGConnection.class);
                int polls = 0;
                while (!closed) {
                    PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        boolean rename = false;
                        for (PGNotification notification : notifications) {
                            OptionalLong project = channels.getOrDefault(notification.getName(), OptionalLong.empty());
                            Optional<Change> change = parse(notification.getParameter(), project);
                            rename |= change.map(c -> c.table().equals("channels") || c.table().equals("project_members")
                                    && project.isEmpty()).orElse(false);
                            change.ifPresent(this::dispatch);
                        }
                        if (rename) {
                            listen(connection, channels);
                        }
                    }
                    if (++polls % CHECK_EVERY_POLLS == 0 && !connection.isValid(3)) {
                        throw new SQLException("the live-refresh connection stopped answering", "08006");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                attempt++;
                long pause = Math.min(30, 1L << Math.min(attempt - 1, 5));
                LOG.warn("Live refresh lost its connection ({}); retrying in {} s", e.getMessage(), pause);
                report(new FeedState.Reconnecting(attempt, pause, SqlErrors.translate(e).getMessage()));
                sleep(pause * 1000);
            }
        }
        report(new FeedState.Stopped());
    }

    /** LISTENs to the channels the user may hear now, and stops listening to the ones they no longer may. */
    private static void listen(Connection connection, Map<String, OptionalLong> channels) throws SQLException {
        Map<String, OptionalLong> now = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select project_id, channel from my_channels()")) {
            while (rs.next()) {
                long project = rs.getLong(1);
                OptionalLong owner = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(project);
                now.put(rs.getString(2), owner);
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String channel : channels.keySet()) {
                if (!now.containsKey(channel)) {
                    s.execute("unlisten " + quote(channel));
                }
            }
            for (String channel : now.keySet()) {
                if (!channels.containsKey(channel)) {
                    s.execute("listen " + quote(channel));
                }
            }
        }
        channels.clear();
        channels.putAll(now);
    }

    private static String quote(String channel) {
        if (!channel.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalStateException("unexpected channel name");
        }
        return '"' + channel + '"';
    }

    /** A notification of a project channel concerns that project; one of the user's own channel, the user. */
    static Optional<Change> parse(String payload, OptionalLong project) {
        try {
            JsonNode node = JSON.readTree(payload);
            String table = node.path("t").asText("");
            if (table.equals("memberships")) {
                table = "project_members";
            } else if (table.equals("invitations")) {
                table = "project_invitations";
            }
            return Optional.of(new Change(table, project, node.path("id").asText(""), node.path("op").asText("")));
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

    private void report(FeedState next) {
        state = next;
        for (Consumer<FeedState> watcher : watchers) {
            try {
                watcher.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("A live refresh state watcher failed", e);
            }
        }
    }

    private void sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        while (!closed && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
        watchers.clear();
    }
}
