package io.qodex.app.adapters.files;

import io.qodex.domain.common.PrivateFiles;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.TokenProvider;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.SymmetricKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 30-minute token cache of a CI job's commands (each its own process): one 0600 file per environment and profile
 * in {@code $QODEX_HOME/ci-tokens}, AES-256-GCM under a key derived from the API key's secret, the expiry inside the
 * ciphertext. Another key (or someone with the file but not the key) reads nothing; files are replaced atomically, so
 * parallel commands see a whole token or none; failing to keep one only costs a login.
 */
public final class ApiKeyTokenCache implements TokenProvider.SharedCache, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyTokenCache.class);

    private final Path folder;
    private final String keyPrefix;
    private final KeyCrypto crypto;
    private final SymmetricKey key;

    public ApiKeyTokenCache(Path folder, String keyPrefix, Secret keySecret, KeyCrypto crypto) {
        this.folder = folder;
        this.keyPrefix = keyPrefix;
        this.crypto = crypto;
        this.key = crypto.apiKeyLocalKey(keySecret);
    }

    @Override
    public Optional<Secret> get(long environmentId, String profile, Instant now) {
        Path file = file(environmentId, profile);
        try {
            String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
            try (Secret plain = crypto.decrypt(key, associatedData(environmentId, profile), stored)) {
                String text = plain.reveal();
                int bar = text.indexOf('|');
                if (bar < 0 || !now.isBefore(Instant.ofEpochSecond(Long.parseLong(text.substring(0, bar))))) {
                    return Optional.empty();
                }
                return Optional.of(Secret.copyOf(text.substring(bar + 1)));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | QodexException | NumberFormatException e) {
            LOG.info("Ignoring the cached token in {}: {}", file.getFileName(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public void put(long environmentId, String profile, Secret token, Instant expires) {
        Path file = file(environmentId, profile);
        try (Secret plain = Secret.copyOf(expires.getEpochSecond() + "|" + token.reveal())) {
            String sealed = crypto.encrypt(key, associatedData(environmentId, profile), plain);
            PrivateFiles.createDirectories(folder);
            PrivateFiles.write(file, out -> out.write(sealed.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            LOG.info("Could not keep the token for the next command: {}", e.toString());
        }
    }

    private String associatedData(long environmentId, String profile) {
        return "qodex-ci-token-v1|" + keyPrefix + "|" + environmentId + "|" + profile;
    }

    /** The file's name reveals nothing of the key, the environment or the profile. */
    private Path file(long environmentId, String profile) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(associatedData(environmentId, profile)
                    .getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".token");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        key.close();
    }
}
