package io.qodex.app.adapters.mail;

import io.qodex.domain.mail.MailOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trusted mail relay (docs/security.md, "Accounts"): takes what is due from the outbox (as the mailer login) and
 * hands it to the transport, batch after batch, until nothing is due.
 */
public final class MailRelay {

    private static final Logger LOG = LoggerFactory.getLogger(MailRelay.class);

    private final MailOutbox outbox;
    private final MailTransport transport;

    public MailRelay(MailOutbox outbox, MailTransport transport) {
        this.outbox = outbox;
        this.transport = transport;
    }

    public MailTransport transport() {
        return transport;
    }

    /** Delivers every mail that is due; returns how many went out. */
    public int relayPending() {
        int sent = 0;
        while (true) {
            MailOutbox.Batch batch = outbox.deliverDue(mail -> {
                transport.send(mail);
                LOG.info("Relayed mail {} to {} via {}", mail.id(), mail.to(), transport.describe());
            });
            sent += batch.sent();
            if (batch.claimed() == 0) {
                return sent;
            }
        }
    }
}
