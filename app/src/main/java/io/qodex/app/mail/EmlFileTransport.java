package io.qodex.app.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/** Embedded mode: each mail becomes an RFC 822 {@code .eml} file in {@code $QODEX_HOME/outbox/}, named so that names sort in sending order. */
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
            Files.createDirectories(folder);
            String name = STAMP.format(Instant.now()) + "-" + String.format("%012d", mail.id()) + "-" + mail.to().replaceAll("[^A-Za-z0-9@._-]", "_")
                    + ".eml";
            Path temp = folder.resolve(name + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                MimeMessages.build(session, "Qodex Operator <noreply@qodex.local>", mail).writeTo(out);
            }
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MessagingException("Cannot write to the outbox folder " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "outbox folder " + folder;
    }
}
