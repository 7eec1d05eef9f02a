package io.qodex.app.adapters.mail;

import io.qodex.domain.mail.OutgoingMail;

import jakarta.mail.MessagingException;

/** Where the relay delivers: an SMTP server, or (embedded mode) .eml files in the local outbox folder. */
public interface MailTransport {

    void send(OutgoingMail mail) throws MessagingException;

    /** For status lines: "SMTP mail.example.com:587" or the outbox folder. */
    String describe();
}
