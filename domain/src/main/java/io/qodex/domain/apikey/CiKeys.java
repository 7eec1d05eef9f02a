package io.qodex.domain.apikey;

import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.Organizations;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.ApiKeyGrant;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyRingRepository;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.LocalPins;
import io.qodex.domain.secret.UnlockedUserKey;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The project key as a CI job holds it with an API key of the {@code secrets:read} or {@code sessions} scope
 * (decision 0031): the key pair is derived from the key's secret; the roster the minter verified (the anchor) is
 * trusted only if its MAC under the secret verifies, and the chain is verified from there as a person's client does
 * from their pin. A key version is accepted only if it matches the chain's commitment. {@link #close()} wipes it all.
 */
public final class CiKeys implements AutoCloseable {

    /** What the database holds for the key: its public key and its anchor (all empty for a key minted without). */
    public record Anchor(long projectId, Optional<byte[]> publicKey, int epoch, byte[] head, byte[] mac) {
        public Anchor {
            publicKey = publicKey.map(byte[]::clone);
            head = head.clone();
            mac = mac.clone();
        }

        @Override
        public String toString() {
            return "Anchor[project " + projectId + ", epoch " + epoch + "]";
        }
    }

    private final KeyRing ring;
    private final UnlockedUserKey pair;

    private CiKeys(KeyRing ring, UnlockedUserKey pair) {
        this.ring = ring;
        this.pair = pair;
    }

    /** Checks the anchor against the key's secret; INTEGRITY if the database altered it, NOT_ALLOWED without one. */
    public static CiKeys open(ApiKeyText key, Anchor anchor, KeyRingRepository repository, KeyCrypto crypto) {
        if (anchor.publicKey().isEmpty()) {
            throw QodexException.notAllowed("This API key holds no project key (its creator could not give it one): "
                    + "create a new key with the secrets:read or sessions scope.");
        }
        UnlockedUserKey pair = crypto.apiKeyPair(key.secret());
        try {
            if (!MessageDigest.isEqual(anchor.publicKey().get(), pair.publicKey())) {
                throw QodexException.integrity("The database holds another public key for this API key than its "
                        + "secret gives (altered in the database): refused.");
            }
            byte[] expected = crypto.apiKeyMac(key.secret(),
                    ApiKeyGrant.anchorContent(anchor.projectId(), key.id(), anchor.epoch(), anchor.head()));
            if (!MessageDigest.isEqual(expected, anchor.mac())) {
                throw QodexException.integrity("The key roster this API key was given when it was created was "
                        + "altered in the database: its keys are refused.");
            }
            LocalPins pin = new LocalPins() {
                @Override
                public Optional<Pinned> get(KeyScope scope, long ownerId) {
                    return scope == KeyScope.PROJECT && ownerId == anchor.projectId()
                            ? Optional.of(new Pinned(anchor.epoch(), anchor.head())) : Optional.empty();
                }

                @Override
                public void put(KeyScope scope, long ownerId, Pinned pinned) {
                    // the anchor is the key's only pin: each command verifies from it again
                }
            };
            Account holder = new Account(ApiKeyGrant.recipient(key.id()), new Email(key.id() + "@api-key.invalid"),
                    key.roleName(), true, new Organizations(java.util.List.of())); // a key is in no organization
            return new CiKeys(new KeyRing(holder, pair, repository, crypto, pin), pair);
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    public KeyRing ring() {
        return ring;
    }

    @Override
    public void close() {
        ring.close();
        pair.close();
    }
}
