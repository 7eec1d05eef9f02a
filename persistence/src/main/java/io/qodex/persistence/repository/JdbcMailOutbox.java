package io.qodex.persistence.repository;

import io.qodex.domain.mail.MailOutbox;
import io.qodex.domain.mail.OutgoingMail;
import io.qodex.persistence.session.Jdbc;
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
 * The outbox as the mailer login: claims due rows with {@code FOR UPDATE SKIP LOCKED} (several relays may run), and
 * marks each sent (its body, which may hold a one-time code, dropped) or failed (retried after 30 s, doubling).
 */
public final class JdbcMailOutbox implements MailOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMailOutbox.class);

    private final DataSource mailer;

    public JdbcMailOutbox(DataSource mailer) {
        this.mailer = mailer;
    }

    @Override
    public Batch deliverDue(Delivery delivery) {
        return Jdbc.inTransaction(mailer, c -> {
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
                    delivery.send(mail);
                    mark(c, "update mail_outbox set sent_at = now(), body = null, last_error = null, "
                            + "attempts = attempts + 1 where id = ?", mail.id(), null);
                    sent++;
                } catch (Exception e) {
                    mark(c, "update mail_outbox set attempts = attempts + 1, last_error = ?, "
                            + "next_attempt_at = now() + (interval '30 seconds' * power(2, attempts)) where id = ?",
                            mail.id(), String.valueOf(e.getMessage()));
                    LOG.warn("Could not deliver mail {} to {}: {}", mail.id(), mail.to(), e.getMessage());
                }
            }
            return new Batch(due.size(), sent);
        });
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
