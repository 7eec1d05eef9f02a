package io.qodex.app.adapters.mail;

import io.qodex.domain.mail.OutgoingMail;

import io.qodex.domain.common.PrivateFiles;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * Embedded mode: each mail becomes an RFC 822 {@code .eml} file in {@code $QODEX_HOME/outbox/}, named so that names
 * sort in sending order. The codes in them sign people in: the folder is 0700 and every file 0600 from the start.
 */
public final class EmlFileTransport implements MailTransport {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final Session session = Session.getInstance(new Properties());

    public EmlFileTransport(Path folder) {
        this.folder = folder;
    }

    @Override
    public void send(OutgoingMail mail) throws MessagingException {
        try {
            PrivateFiles.createDirectories(folder);
            String name = STAMP.format(Instant.now()) + "-" + String.format("%012d", mail.id()) + "-" + mail.to().replaceAll("[^A-Za-z0-9@._-]", "_")
                    + ".eml";
            MimeMessage message = MimeMessages.build(session, "Qodex Operator <noreply@qodex.local>", mail);
            PrivateFiles.write(folder.resolve(name), out -> {
                try {
                    message.writeTo(out);
                } catch (MessagingException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new MessagingException("Cannot write to the outbox folder " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "outbox folder " + folder;
    }
}
