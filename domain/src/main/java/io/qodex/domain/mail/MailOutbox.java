package io.qodex.domain.mail;

/**
 * The mail outbox, read and marked only by the trusted relay's login (docs/security.md, "Accounts"). Several relays
 * may run at once: each claims what it delivers.
 */
public interface MailOutbox {

    /** Where a mail goes; a failure is retried later with backoff. */
    @FunctionalInterface
    interface Delivery {
        /** @throws Exception when the mail could not be delivered (its message is kept as the last error) */
        void send(OutgoingMail mail) throws Exception;
    }

    /** Claims a batch of due mail, delivers each, marks it sent (dropping its body) or failed; returns how many were sent. */
    Batch deliverDue(Delivery delivery);

    /** How many mails a batch claimed, and how many of them went out. */
    record Batch(int claimed, int sent) {
    }
}
