package io.qodex.app.adapters.mail;

import io.qodex.domain.mail.OutgoingMail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Optional;
import java.util.Properties;

/** Sends over SMTP with Angus Mail; every timeout set (the defaults are infinite). */
public final class SmtpTransport implements MailTransport {

    /** SMTP settings; the password is for the SMTP server, never logged. */
    public record Settings(String host, int port, Optional<String> user, Optional<String> password, String from,
                           boolean startTls) {
        @Override
        public String toString() {
            return "SMTP " + host + ":" + port;
        }
    }

    private final Settings settings;
    private final Session session;

    public SmtpTransport(Settings settings) {
        this.settings = settings;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.auth", Boolean.toString(settings.user().isPresent()));
        this.session = Session.getInstance(properties);
    }

    @Override
    public void send(OutgoingMail mail) throws MessagingException {
        var message = MimeMessages.build(session, settings.from(), mail);
        if (settings.user().isPresent()) {
            Transport.send(message, settings.user().get(), settings.password().orElse(""));
        } else {
            Transport.send(message);
        }
    }

    @Override
    public String describe() {
        return settings.toString();
    }
}
