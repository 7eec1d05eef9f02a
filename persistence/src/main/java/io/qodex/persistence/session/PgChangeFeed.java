package io.qodex.persistence.session;

import io.qodex.domain.live.Change;
import io.qodex.domain.live.ChangeFeed;
import io.qodex.domain.live.FeedState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN on {@code qodex_changes} over a dedicated connection of the user. Payloads carry ids only. A lost
 * connection is retried with exponential backoff (1 s doubling to 30 s); each reconnection is announced so the
 * client refreshes everything (notifications sent meanwhile are lost).
 */
public final class PgChangeFeed implements ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    private static final String CHANNEL = "qodex_changes";
    private static final Pattern FIELD = Pattern.compile("\"(t|p|id|op)\"\\s*:\\s*(?:\"([^\"]*)\"|(null|-?\\d+))");

    private final DataSource dataSource;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public PgChangeFeed(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public synchronized void start(Consumer<Change> changes, Consumer<FeedState> states) {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(() -> listen(changes, states), "qodex-live-refresh");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen(Consumer<Change> changes, Consumer<FeedState> states) {
        int attempt = 0;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                attempt = 0;
                states.accept(new FeedState.Connected());
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        if (!c.isValid(2)) {
                            throw new SQLException("the live-refresh connection stopped answering", "08006");
                        }
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        parse(notification.getParameter()).ifPresent(change -> deliver(changes, change));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                attempt++;
                long delay = Math.min(30, 1L << Math.min(attempt - 1, 5));
                LOG.info("Live refresh lost its connection ({}); retrying in {} s", e.getMessage(), delay);
                states.accept(new FeedState.Reconnecting(attempt, delay, SqlErrors.translate(e).getMessage()));
                sleep(delay * 1000);
            } finally {
                connection = null;
            }
        }
        states.accept(new FeedState.Stopped());
    }

    private static void deliver(Consumer<Change> changes, Change change) {
        try {
            changes.accept(change);
        } catch (RuntimeException e) {
            LOG.warn("A live-refresh listener failed on {}", change, e);
        }
    }

    static java.util.Optional<Change> parse(String payload) {
        String table = null;
        String project = null;
        String id = "";
        String operation = "";
        Matcher matcher = FIELD.matcher(payload);
        while (matcher.find()) {
            String value = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            switch (matcher.group(1)) {
                case "t" -> table = value;
                case "p" -> project = "null".equals(value) ? null : value;
                case "id" -> id = value == null || "null".equals(value) ? "" : value;
                default -> operation = value;
            }
        }
        if (table == null) {
            return java.util.Optional.empty();
        }
        OptionalLong projectId = OptionalLong.empty();
        if (project != null && project.matches("-?\\d+")) {
            projectId = OptionalLong.of(Long.parseLong(project));
        }
        return java.util.Optional.of(new Change(table, projectId, id, operation));
    }

    private void sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        while (running && System.currentTimeMillis() < until) {
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
        running = false;
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
