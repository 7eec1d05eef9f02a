package io.qodex.app.mail;

import jakarta.mail.MessagingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trusted mail relay (docs/security.md, "Accounts"): reads the outbox as {@code qodex_mailer}, delivers, and marks each
 * mail sent, dropping its body (which may hold a one-time code). Failed deliveries are retried with backoff.
 * Several relays may run: rows are claimed with {@code FOR UPDATE SKIP LOCKED}.
 */
public final class MailRelay {

    private static final Logger LOG = LoggerFactory.getLogger(MailRelay.class);

    private final DataSource mailer;
    private final MailTransport transport;

    public MailRelay(DataSource mailer, MailTransport transport) {
        this.mailer = mailer;
        this.transport = transport;
    }

    public MailTransport transport() {
        return transport;
    }

    /** Delivers every mail that is due; returns how many went out. */
    public int relayPending() throws SQLException {
        int sent = 0;
        while (true) {
            Batch batch = relayBatch();
            sent += batch.sent();
            if (batch.claimed() == 0) {
                return sent;
            }
        }
    }

    private record Batch(int claimed, int sent) {
    }

    private Batch relayBatch() throws SQLException {
        try (Connection c = mailer.getConnection()) {
            c.setAutoCommit(false);
            List<OutgoingMail> due = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("select id, to_email, subject, body from mail_outbox "
                    + "where sent_at is null and next_attempt_at <= now() and attempts < 10 "
                    + "order by id limit 20 for update skip locked");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    due.add(new OutgoingMail(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4) == null ? "" : rs.getString(4)));
                }
            }
            int sent = 0;
            for (OutgoingMail mail : due) {
                try {
                    transport.send(mail);
                    mark(c, "update mail_outbox set sent_at = now(), body = null, last_error = null, attempts = attempts + 1 "
                            + "where id = ?", mail.id(), null);
                    sent++;
                    LOG.info("Relayed mail {} to {} via {}", mail.id(), mail.to(), transport.describe());
                } catch (MessagingException e) {
                    mark(c, "update mail_outbox set attempts = attempts + 1, last_error = ?, "
                            + "next_attempt_at = now() + (interval '30 seconds' * power(2, attempts)) where id = ?",
                            mail.id(), String.valueOf(e.getMessage()));
                    LOG.warn("Could not relay mail {} to {}: {}", mail.id(), mail.to(), e.getMessage());
                }
            }
            c.commit();
            return new Batch(due.size(), sent);
        }
    }

    private static void mark(Connection c, String sql, long id, String error) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (error == null) {
                p.setLong(1, id);
            } else {
                p.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
                p.setLong(2, id);
            }
            p.executeUpdate();
        }
    }
}
