package io.qodex.persistence.session;

import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/** Runs work in one transaction as one user (tenant); every failure comes out as a QodexException. */
public final class TenantTransactions {

    private final Supplier<SessionFactory> factory;
    private final String tenant;

    TenantTransactions(Supplier<SessionFactory> factory, String tenant) {
        this.factory = factory;
        this.tenant = tenant;
    }

    public <T> T run(Function<Session, T> work) {
        try (Session session = factory.get().withOptions().tenantIdentifier((Object) tenant).openSession()) {
            Transaction transaction = session.beginTransaction();
            try {
                T result = work.apply(session);
                transaction.commit();
                return result;
            } catch (RuntimeException e) {
                if (transaction.isActive()) {
                    try {
                        transaction.rollback();
                    } catch (RuntimeException rollback) {
                        e.addSuppressed(rollback);
                    }
                }
                throw SqlErrors.translate(e);
            }
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Plain JDBC inside a Hibernate-managed transaction (function calls, bytea, COPY). */
    public <T> T jdbc(Jdbc.SqlWork<T> work) {
        return run(session -> session.doReturningWork(work::apply));
    }
}
