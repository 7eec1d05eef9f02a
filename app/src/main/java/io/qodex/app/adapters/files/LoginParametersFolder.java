package io.qodex.app.adapters.files;

import io.qodex.domain.account.Email;
import io.qodex.domain.common.PrivateFiles;
import io.qodex.domain.session.KnownLoginParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KnownLoginParameters} as one small file per account and database under
 * {@code $QODEX_HOME/login-parameters/}, named by a SHA-256 of the database and the address (the folder does not list
 * who signed in where). Files are replaced atomically, so processes signing in at once never read half a file.
 */
public final class LoginParametersFolder implements KnownLoginParameters {

    private static final Logger LOG = LoggerFactory.getLogger(LoginParametersFolder.class);
    private static final int MAX_LENGTH = 512;

    private final Path folder;
    private final String database;

    /** {@code database} names the database and installation (its URL and sign-up login, say). */
    public LoginParametersFolder(Path folder, String database) {
        this.folder = folder.toAbsolutePath().normalize();
        this.database = database;
    }

    @Override
    public Optional<Remembered> recall(Email email) {
        try {
            String[] lines = Files.readString(file(email), StandardCharsets.UTF_8).strip().split("\n");
            return lines.length != 2 || lines[0].isBlank() || lines[1].isBlank() || lines[1].length() > MAX_LENGTH
                    ? Optional.empty() : Optional.of(new Remembered(lines[0].strip(), lines[1].strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the remembered login parameters in {}: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void remember(Email email, Remembered login) {
        if (recall(email).filter(login::equals).isPresent()) {
            return;
        }
        try {
            PrivateFiles.createDirectories(folder);
            PrivateFiles.write(file(email), out -> out.write((login.role() + "\n" + login.parameters() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remember the login parameters in {}: {}", folder, e.getMessage());
        }
    }

    private Path file(Email email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (database + "\n" + email.value()).getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
