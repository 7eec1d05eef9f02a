package io.qodex.app.adapters.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local mode's mail, read back for the window: the newest code mailed to an address, so a person trying Qodex alone
 * need not open {@code .eml} files. Reads only the user's own 0700 outbox; never logs what it finds.
 */
public final class LocalOutbox {

    /** "Verification code: ABCD-EFGH-JKLM" or "Reset code: …", as the database's mails say it. */
    private static final Pattern CODE = Pattern.compile("(?:Verification|Reset) code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})");
    /** The outbox's files are this many; more is not a local outbox (and is not read). */
    private static final int MAX_FILES = 10_000;
    private static final long MAX_BYTES = 256 * 1024;

    private final Path folder;
    private final Session session = Session.getInstance(new Properties());

    public LocalOutbox(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The code of the newest mail to {@code email}, if one is there. */
    public Optional<String> newestCode(String email) throws IOException {
        String wanted = "-" + email.strip().toLowerCase(Locale.ROOT).replaceAll("[^A-Za-z0-9@._-]", "_") + ".eml";
        List<Path> mails;
        try (Stream<Path> files = Files.list(folder)) {
            mails = files.limit(MAX_FILES)
                    .filter(path -> path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(wanted))
                    .sorted(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed())
                    .toList();
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        for (Path mail : mails) {
            Optional<String> code = code(mail);
            if (code.isPresent()) {
                return code;
            }
        }
        return Optional.empty();
    }

    private Optional<String> code(Path mail) throws IOException {
        if (!Files.isRegularFile(mail) || Files.size(mail) > MAX_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(mail)) {
            Object content = new MimeMessage(session, in).getContent();
            Matcher matcher = CODE.matcher(content instanceof String text ? text : "");
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (MessagingException unreadable) {
            return Optional.empty();
        }
    }
}
