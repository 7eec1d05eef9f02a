package io.qodex.app.adapters.mail;

import io.qodex.domain.mail.OutgoingMail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** Builds the RFC 822 message for an outbox row. */
final class MimeMessages {

    private MimeMessages() {
    }

    static MimeMessage build(Session session, String from, OutgoingMail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from, true));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setText(mail.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("X-Qodex-Outbox-Id", Long.toString(mail.id()));
        return message;
    }
}
