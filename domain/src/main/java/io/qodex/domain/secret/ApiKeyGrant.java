package io.qodex.domain.secret;

import io.qodex.domain.common.QodexException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An API key that holds its project's key (the {@code secrets:read} and {@code sessions} scopes, decision 0031): the
 * public half of the key pair derived from its secret, and its creator's Ed25519 signature over project, key id and
 * public key. A client rotating the project key wraps the new version only for keys whose grant verifies with the key
 * of a holder of the new roster, so a row planted in the database receives nothing.
 *
 * <p>Wraps for a key name it as recipient {@link #recipient(String)}: a negative number made from its id, never a
 * user's id, so a wrap for a person cannot pass for one for a key or the other way round.
 */
public record ApiKeyGrant(long projectId, String keyId, byte[] publicKey, Instant expiresAt, long creatorId,
                          byte[] signature) {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    public ApiKeyGrant {
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    /** What the creator signs: the expiry to the minute (as the database keeps it), so it cannot be extended. */
    public static byte[] signedContent(long projectId, String keyId, byte[] publicKey, Instant expiresAt) {
        return ("qodex-api-key-grant-v1|" + projectId + "|" + keyId + "|" + Base64.getEncoder().encodeToString(publicKey)
                + "|" + expiresAt.getEpochSecond() / 60).getBytes(StandardCharsets.UTF_8);
    }

    /** What the anchor's MAC covers: the roster the minter verified when it gave the key its wrap. */
    public static byte[] anchorContent(long projectId, String keyId, int epoch, byte[] head) {
        return ("qodex-api-key-anchor-v1|" + projectId + "|" + keyId + "|" + epoch + "|"
                + Base64.getEncoder().encodeToString(head)).getBytes(StandardCharsets.UTF_8);
    }

    /** The recipient number of a key's wraps: minus one minus its 8-character id read as base32 (40 bits). */
    public static long recipient(String keyId) {
        if (keyId.length() != 8) {
            throw QodexException.integrity("Malformed API key id.");
        }
        long value = 0;
        for (char c : keyId.toLowerCase(Locale.ROOT).toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw QodexException.integrity("Malformed API key id.");
            }
            value = value << 5 | digit;
        }
        return -1 - value;
    }

    /** The key id a recipient number of {@link #recipient(String)} stands for. */
    public static String keyIdOf(long recipient) {
        long value = -1 - recipient;
        if (recipient >= 0 || value >= 1L << 40) {
            throw new IllegalArgumentException("not an API key's recipient number: " + recipient);
        }
        char[] id = new char[8];
        for (int i = 7; i >= 0; i--) {
            id[i] = ALPHABET.charAt((int) (value & 31));
            value >>= 5;
        }
        return new String(id);
    }

    /** What a key receives at mint besides its login: its public key, the signed grant, the anchor and the wrap. */
    public record Material(byte[] publicKey, byte[] grantSignature, int anchorEpoch, byte[] anchorHead, byte[] anchorMac,
                           KeyWrap wrap) {
        public Material {
            publicKey = publicKey.clone();
            grantSignature = grantSignature.clone();
            anchorHead = anchorHead.clone();
            anchorMac = anchorMac.clone();
        }

        @Override
        public String toString() {
            return "ApiKeyGrant.Material[" + wrap + "]";
        }
    }

    /**
     * Makes a new key's material with the caller's verified roster and current key: the wrap and grant signed with
     * the caller's key, the anchor with a MAC under the key's secret.
     */
    static Material mint(long projectId, String keyId, io.qodex.domain.common.Secret keySecret, Instant expiresAt,
                         SymmetricKey projectKey, VerifiedRoster roster, KeyCrypto crypto, UnlockedUserKey creator) {
        try (UnlockedUserKey pair = crypto.apiKeyPair(keySecret)) {
            byte[] publicKey = pair.publicKey();
            KeyWrap wrap = crypto.wrap(projectKey, KeyScope.PROJECT, projectId, recipient(keyId), publicKey, creator);
            byte[] grant = crypto.sign(creator, signedContent(projectId, keyId, publicKey, expiresAt));
            byte[] head = KeyRoster.sha256(roster.signed().body());
            int epoch = roster.signed().epoch();
            byte[] mac = crypto.apiKeyMac(keySecret, anchorContent(projectId, keyId, epoch, head));
            return new Material(publicKey, grant, epoch, head, mac, wrap);
        }
    }

    /**
     * The wraps of a new key version for the unexpired keys whose grant verifies with the signing key of their creator
     * as named in the new roster's holders; a grant that does not verify (an extended expiry included), or whose
     * creator no longer holds the key, is skipped.
     */
    static List<KeyWrap> wrapsFor(List<ApiKeyGrant> grants, List<KeyRoster.Member> holders, SymmetricKey next,
                                  KeyCrypto crypto, UnlockedUserKey wrapper, Instant now) {
        List<KeyWrap> wraps = new ArrayList<>();
        for (ApiKeyGrant grant : grants) {
            Optional<KeyRoster.Member> creator = holders.stream().filter(m -> m.userId() == grant.creatorId()).findFirst();
            if (grant.expiresAt().isAfter(now) && creator.isPresent() && crypto.verify(creator.get().signingPublicKey(),
                    signedContent(grant.projectId(), grant.keyId(), grant.publicKey(), grant.expiresAt()),
                    grant.signature())) {
                wraps.add(crypto.wrap(next, KeyScope.PROJECT, grant.projectId(), recipient(grant.keyId()),
                        grant.publicKey(), wrapper));
            }
        }
        return wraps;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyGrant that && projectId == that.projectId && keyId.equals(that.keyId)
                && creatorId == that.creatorId && Arrays.equals(publicKey, that.publicKey)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKeyGrant[project " + projectId + ", key " + keyId + "]";
    }
}
