package io.qodex.app.crypto;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.SymmetricKey;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * SECURITY.md layer 3 with Bouncy Castle (Argon2id, X25519, HKDF) and the JDK (AES-256-GCM):
 * <ul>
 *   <li>user key: X25519 private key sealed with AES-256-GCM under Argon2id(password) (m=19 MiB, t=2, p=1), the
 *       public key as associated data;</li>
 *   <li>wrap: ephemeral X25519 agreement with the recipient's public key, HKDF-SHA-256 whose info binds scope,
 *       owner id, key version and recipient, then AES-256-GCM;</li>
 *   <li>value: AES-256-GCM under the project key with associated data {@code owner|table.column|row|version},
 *       stored as {@code v1.<version>.<base64(nonce‖ciphertext‖tag)>}.</li>
 * </ul>
 * See docs/decisions/0004-end-to-end-encrypted-secrets.md.
 */
public final class BouncyCastleKeyCrypto implements KeyCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern STORED = Pattern.compile("^v1\\.([0-9]{1,9})\\.([A-Za-z0-9+/]+={0,2})$");
    private static final byte[] USER_KEY_CONTEXT = "qodex-user-key-v1|".getBytes(StandardCharsets.UTF_8);

    private final int memoryKiB;
    private final int iterations;

    public BouncyCastleKeyCrypto() {
        this(19 * 1024, 2);
    }

    /** Stronger (never weaker than SECURITY.md's minimum) Argon2id parameters. */
    public BouncyCastleKeyCrypto(int memoryKiB, int iterations) {
        if (memoryKiB < 19 * 1024 || iterations < 2) {
            throw new IllegalArgumentException("Argon2id needs at least m=19 MiB, t=2");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
    }

    // ------------------------------------------------------------------ user keys

    @Override
    public UserKeyMaterial newUserKey(Secret password) {
        X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(RANDOM);
        byte[] publicKey = privateKey.generatePublicKey().getEncoded();
        byte[] raw = privateKey.getEncoded();
        try {
            return seal(raw, publicKey, password);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public UnlockedUserKey unlock(UserKeyMaterial material, Secret password) {
        Map<String, String> params = parseKdf(material.kdfParams());
        byte[] salt = Base64.getDecoder().decode(params.get("salt"));
        byte[] sealingKey = argon2(password, salt, Integer.parseInt(params.get("m")), Integer.parseInt(params.get("t")),
                Integer.parseInt(params.get("p")));
        try {
            byte[] privateKey = AesGcm.open(sealingKey, material.sealedPrivateKey(), userKeyContext(material.publicKey()));
            return new X25519UserKey(privateKey, material.publicKey());
        } catch (AEADBadTagException e) {
            throw new QodexException(Problem.AUTHENTICATION, "password",
                    "This password does not unlock your private key. If you reset it elsewhere, sign in with the new one.",
                    null);
        } finally {
            Arrays.fill(sealingKey, (byte) 0);
        }
    }

    @Override
    public UserKeyMaterial reseal(UnlockedUserKey key, Secret newPassword) {
        X25519UserKey userKey = (X25519UserKey) key;
        return seal(userKey.privateKey(), userKey.publicKey(), newPassword);
    }

    private UserKeyMaterial seal(byte[] privateKey, byte[] publicKey, Secret password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] sealingKey = argon2(password, salt, memoryKiB, iterations, 1);
        try {
            byte[] sealed = AesGcm.seal(sealingKey, privateKey, userKeyContext(publicKey));
            String params = "argon2id;v=19;m=" + memoryKiB + ";t=" + iterations + ";p=1;salt="
                    + Base64.getEncoder().encodeToString(salt);
            return new UserKeyMaterial(publicKey, sealed, params);
        } finally {
            Arrays.fill(sealingKey, (byte) 0);
        }
    }

    private static byte[] argon2(Secret password, byte[] salt, int memoryKiB, int iterations, int parallelism) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] key = new byte[32];
        byte[] passwordBytes = password.utf8();
        try {
            generator.generateBytes(passwordBytes, key);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
        return key;
    }

    private static Map<String, String> parseKdf(String kdfParams) {
        String[] parts = kdfParams.split(";");
        if (parts.length < 2 || !parts[0].equals("argon2id")) {
            throw QodexException.integrity("Your key is sealed with an unknown method (" + parts[0] + ").");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                params.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        for (String required : new String[] {"m", "t", "p", "salt"}) {
            if (!params.containsKey(required)) {
                throw QodexException.integrity("Your key's sealing parameters are incomplete (no " + required + ").");
            }
        }
        return params;
    }

    private static byte[] userKeyContext(byte[] publicKey) {
        byte[] context = Arrays.copyOf(USER_KEY_CONTEXT, USER_KEY_CONTEXT.length + publicKey.length);
        System.arraycopy(publicKey, 0, context, USER_KEY_CONTEXT.length, publicKey.length);
        return context;
    }

    // ------------------------------------------------------------------ project and org keys

    @Override
    public SymmetricKey newSymmetricKey(int version) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new AesKey(key, version);
    }

    @Override
    public KeyWrap wrap(SymmetricKey key, KeyScope scope, long ownerId, long recipientUserId, byte[] recipientPublicKey) {
        X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(RANDOM);
        byte[] ephemeralPublic = ephemeral.generatePublicKey().getEncoded();
        byte[] shared = agree(ephemeral, recipientPublicKey);
        byte[] info = wrapInfo(scope, ownerId, key.version(), recipientUserId);
        byte[] kek = hkdf(shared, concat(ephemeralPublic, recipientPublicKey), info);
        try {
            byte[] wrapped = AesGcm.seal(kek, ((AesKey) key).bytes(), info);
            return new KeyWrap(scope, ownerId, key.version(), recipientUserId, ephemeralPublic, wrapped);
        } finally {
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(kek, (byte) 0);
        }
    }

    @Override
    public SymmetricKey unwrap(KeyWrap wrap, UnlockedUserKey recipientKey) {
        X25519UserKey me = (X25519UserKey) recipientKey;
        byte[] shared = agree(new X25519PrivateKeyParameters(me.privateKey(), 0), wrap.ephemeralPublicKey());
        byte[] info = wrapInfo(wrap.scope(), wrap.ownerId(), wrap.version(), wrap.recipientUserId());
        byte[] kek = hkdf(shared, concat(wrap.ephemeralPublicKey(), me.publicKey()), info);
        try {
            return new AesKey(AesGcm.open(kek, wrap.wrappedKey(), info), wrap.version());
        } catch (AEADBadTagException e) {
            throw QodexException.integrity("Your wrap of the " + (wrap.scope() == KeyScope.PROJECT ? "project" : "organization")
                    + " key (version " + wrap.version() + ") does not open: it was altered or is not meant for you.");
        } finally {
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(kek, (byte) 0);
        }
    }

    private static byte[] agree(X25519PrivateKeyParameters privateKey, byte[] otherPublicKey) {
        if (otherPublicKey.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw QodexException.integrity("A stored public key has the wrong length.");
        }
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(privateKey);
        byte[] shared = new byte[agreement.getAgreementSize()];
        agreement.calculateAgreement(new X25519PublicKeyParameters(otherPublicKey, 0), shared, 0);
        return shared;
    }

    private static byte[] hkdf(byte[] inputKey, byte[] salt, byte[] info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKey, salt, info));
        byte[] key = new byte[32];
        generator.generateBytes(key, 0, key.length);
        return key;
    }

    private static byte[] wrapInfo(KeyScope scope, long ownerId, int version, long recipientUserId) {
        return ("qodex-wrap-v1|" + scope.name().toLowerCase(java.util.Locale.ROOT) + "|" + ownerId + "|" + version + "|"
                + recipientUserId).getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ values

    @Override
    public String encrypt(SymmetricKey key, String associatedData, Secret plaintext) {
        byte[] bytes = plaintext.utf8();
        try {
            byte[] sealed = AesGcm.seal(((AesKey) key).bytes(), bytes, valueContext(associatedData, key.version()));
            return "v1." + key.version() + "." + Base64.getEncoder().encodeToString(sealed);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public Secret decrypt(SymmetricKey key, String associatedData, String stored) {
        Matcher matcher = STORED.matcher(stored);
        if (!matcher.matches()) {
            throw QodexException.integrity("The stored secret at " + associatedData + " is not in the v1 format.");
        }
        int version = Integer.parseInt(matcher.group(1));
        if (version != key.version()) {
            throw QodexException.integrity("The stored secret at " + associatedData + " names key version " + version
                    + " but was opened with version " + key.version() + ".");
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw QodexException.integrity("The stored secret at " + associatedData + " is not valid base64.");
        }
        try {
            byte[] plain = AesGcm.open(((AesKey) key).bytes(), sealed, valueContext(associatedData, version));
            try {
                return Secret.fromUtf8(plain);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw QodexException.integrity("The stored secret at " + associatedData
                    + " failed its integrity check: it was altered, or copied from another row or project.");
        }
    }

    @Override
    public int versionOf(String stored) {
        Matcher matcher = STORED.matcher(stored);
        if (!matcher.matches()) {
            throw QodexException.integrity("A stored secret is not in the v1 format.");
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static byte[] valueContext(String associatedData, int version) {
        return (associatedData + "|v" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
