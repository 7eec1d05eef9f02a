package io.qodex.persistence.session;

import com.zaxxer.hikari.HikariDataSource;
import io.qodex.domain.session.AccountDirectory;
import io.qodex.domain.account.Email;
import io.qodex.domain.session.SessionOpener;
import io.qodex.domain.session.UserSession;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.ConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A client's handle on one Qodex database: the sign-up functions, and sessions of signed-in users, each on its own
 * login role and pool. One Hibernate SessionFactory serves all of them, for changes to the versioned aggregates only;
 * it is built on the first such change (it takes seconds), never for a read (docs/decisions/0021).
 */
public final class QodexDatabase implements SessionOpener, AutoCloseable {

    private final ConnectionSettings settings;
    private final SignupDirectory directory;
    private final TenantConnections tenants;
    private final AtomicLong sessions = new AtomicLong();
    private volatile SessionFactory factory;

    public QodexDatabase(ConnectionSettings settings) {
        this.settings = settings;
        this.directory = new SignupDirectory(settings);
        this.tenants = new TenantConnections(DataSources.simple(settings, settings.signupRole(), settings.signupPassword()));
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public AccountDirectory accounts() {
        return directory;
    }

    public SignupDirectory directory() {
        return directory;
    }

    /**
     * How many Hibernate SessionFactories this process has built so far: read-only paths build none
     * (docs/decisions/0021), which tests assert around the commands they run.
     */
    public static int sessionFactoriesBuilt() {
        return SessionFactories.built();
    }

    /** Builds the SessionFactory now (behind a splash) instead of on first use. */
    public void warmUp() {
        sessionFactory();
    }

    SessionFactory sessionFactory() {
        SessionFactory built = factory;
        if (built == null) {
            synchronized (this) {
                built = factory;
                if (built == null) {
                    try {
                        built = SessionFactories.build(tenants);
                    } catch (RuntimeException e) {
                        throw SqlErrors.translate(e);
                    }
                    factory = built;
                }
            }
        }
        return built;
    }

    @Override
    public UserSession open(Email email, Secret password) {
        return open(email, java.util.Optional.empty(), password);
    }

    @Override
    public UserSession open(Email email, java.util.Optional<String> knownRole, Secret password) {
        String role = knownRole.orElseGet(() -> directory.roleNameFor(email));
        PGSimpleDataSource target = DataSources.simple(settings, role, password.reveal());
        // Sign in once directly: a pool would keep retrying a wrong password until its timeout.
        probe(target);
        HikariDataSource pool = DataSources.pooled(target, "qodex-user", 4);
        // One tenant per session, not per role: the same user may be signed in twice (two windows, the CLI in-process)
        // and closing one session must not end the other's.
        String tenant = role + "#" + sessions.incrementAndGet();
        tenants.register(tenant, pool);
        try {
            return new PgUserSession(this, tenant, target, pool);
        } catch (RuntimeException e) {
            tenants.unregister(tenant);
            pool.close();
            throw e;
        }
    }

    TenantTransactions transactionsFor(String tenant) {
        return new TenantTransactions(this::sessionFactory, tenant);
    }

    void ended(String tenant) {
        tenants.unregister(tenant);
    }

    @Override
    public synchronized void close() {
        if (factory != null) {
            factory.close();
            factory = null;
        }
    }

    /** How long a sign-in waits for one of the account's connections (its limit is 12) to be given back. */
    private static final long BUSY_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    /**
     * The first connection of a session. An account at its connection limit (many {@code qodex} processes of one
     * account at once, as in CI) waits for a connection to be given back, with growing pauses, instead of failing
     * at once; a wrong password or any other refusal fails at once.
     */
    private static void probe(PGSimpleDataSource target) {
        long deadline = System.nanoTime() + BUSY_WAIT_NANOS;
        long pause = 50;
        while (true) {
            try (Connection probe = target.getConnection()) {
                probe.isValid(2);
                return;
            } catch (SQLException e) {
                if (!"53300".equals(e.getSQLState()) || System.nanoTime() - deadline > 0) {
                    throw SqlErrors.translate(e);
                }
            }
            try {
                Thread.sleep(pause + java.util.concurrent.ThreadLocalRandom.current().nextLong(pause));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw SqlErrors.translate(new SQLException("Interrupted while waiting for a free connection", "53300"));
            }
            pause = Math.min(pause * 2, 1_000);
        }
    }
}
