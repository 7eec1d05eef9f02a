package io.qodex.app.adapters.crypto;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KdfParameters;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.PasswordKeys;
import io.qodex.domain.secret.SymmetricKey;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The cryptography of docs/security.md ("Passwords", "Secrets", "Who receives keys") with Bouncy Castle (Argon2id,
 * X25519, Ed25519, HKDF) and the JDK (AES-256-GCM, HMAC-SHA-256):
 * <ul>
 *   <li>password: one Argon2id run (m=19 MiB, t=2, p=1 at least; parameters read from the database are bounded), then
 *       HKDF-SHA-256 with the labels {@code qodex-login-v1} (the PostgreSQL password, base64url) and
 *       {@code qodex-seal-v1} (the sealing key);</li>
 *   <li>user keys: X25519 and Ed25519 private keys sealed with AES-256-GCM under the sealing key, both public keys as
 *       associated data;</li>
 *   <li>wrap: ephemeral X25519 agreement with the recipient's public key, HKDF-SHA-256 whose info binds scope,
 *       owner id, key version and recipient, then AES-256-GCM; signed by the wrapper with Ed25519;</li>
 *   <li>commitment: HMAC-SHA-256 under the key over scope, owner and version (signed rosters name it);</li>
 *   <li>API key: its database password (base64url), X25519 and Ed25519 private keys from HKDF-SHA-256 over the
 *       key's secret (labels {@code qodex-api-key-login-v1}, {@code qodex-api-key-x25519-v1},
 *       {@code qodex-api-key-ed25519-v1}); its anchor's MAC is HMAC-SHA-256 under
 *       HKDF with {@code qodex-api-key-anchor-v1} (docs/decisions/0031);</li>
 *   <li>value: AES-256-GCM under the project key with associated data {@code owner|table.column|row|version},
 *       stored as {@code v1.<version>.<base64(nonce‖ciphertext‖tag)>}.</li>
 * </ul>
 * See docs/decisions/0004-end-to-end-encrypted-secrets.md and docs/decisions/0015-signed-key-rosters.md.
 */
public final class BouncyCastleKeyCrypto implements KeyCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern STORED = Pattern.compile("^v1\\.([0-9]{1,9})\\.([A-Za-z0-9+/]+={0,2})$");
    private static final byte[] LEGACY_USER_KEY_CONTEXT = "qodex-user-key-v1|".getBytes(StandardCharsets.UTF_8);
    private static final byte[] USER_KEY_CONTEXT = "qodex-user-key-v2|".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOGIN_LABEL = "qodex-login-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEAL_LABEL = "qodex-seal-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] API_KEY_X25519_LABEL = "qodex-api-key-x25519-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] API_KEY_ED25519_LABEL = "qodex-api-key-ed25519-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] API_KEY_ANCHOR_LABEL = "qodex-api-key-anchor-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] API_KEY_LOGIN_LABEL = "qodex-api-key-login-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] API_KEY_LOCAL_LABEL = "qodex-api-key-local-v1".getBytes(StandardCharsets.UTF_8);

    private final int memoryKiB;
    private final int iterations;

    public BouncyCastleKeyCrypto() {
        this(KdfParameters.MIN_MEMORY_KIB, KdfParameters.MIN_ITERATIONS);
    }

    /** Stronger (never weaker than the minimum) Argon2id parameters for new passwords. */
    public BouncyCastleKeyCrypto(int memoryKiB, int iterations) {
        if (memoryKiB < KdfParameters.MIN_MEMORY_KIB || iterations < KdfParameters.MIN_ITERATIONS) {
            throw new IllegalArgumentException("Argon2id needs at least m=19 MiB, t=2");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
    }

    // ------------------------------------------------------------------ passwords

    @Override
    public KdfParameters freshParameters() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new KdfParameters(false, memoryKiB, iterations, 1, salt);
    }

    @Override
    public PasswordKeys passwordKeys(Secret password, KdfParameters parameters) {
        if (parameters.legacy()) {
            throw new IllegalArgumentException("legacy parameters derive no login password");
        }
        byte[] master = argon2(password, parameters);
        try {
            byte[] login = hkdf(master, new byte[0], LOGIN_LABEL);
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(login);
            Arrays.fill(login, (byte) 0);
            return new Argon2PasswordKeys(parameters, Secret.copyOf(encoded), hkdf(master, new byte[0], SEAL_LABEL));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    // ------------------------------------------------------------------ user keys

    @Override
    public UserKeyMaterial newUserKey(PasswordKeys keys) {
        X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(RANDOM);
        X25519UserKey key = new X25519UserKey(privateKey.getEncoded(), privateKey.generatePublicKey().getEncoded(),
                null, null);
        try {
            key.ensureSigningKey(RANDOM);
            return seal(key, (Argon2PasswordKeys) keys);
        } finally {
            key.close();
        }
    }

    @Override
    public UnlockedUserKey unlock(UserKeyMaterial material, PasswordKeys keys) {
        byte[] signingPublicKey = material.signingPublicKey().orElseThrow(() -> QodexException.integrity(
                "The account's signing key is missing from the database."));
        try {
            byte[] both = AesGcm.open(((Argon2PasswordKeys) keys).sealingKey(), material.sealedPrivateKey(),
                    userKeyContext(material.publicKey(), signingPublicKey));
            try {
                if (both.length != 64) {
                    throw QodexException.integrity("Your sealed private keys have the wrong length.");
                }
                return new X25519UserKey(Arrays.copyOfRange(both, 0, 32), material.publicKey(),
                        Arrays.copyOfRange(both, 32, 64), signingPublicKey);
            } finally {
                Arrays.fill(both, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw wrongPassword();
        }
    }

    @Override
    public UnlockedUserKey unlockLegacy(UserKeyMaterial material, Secret password) {
        KdfParameters parameters = KdfParameters.parse(material.kdfParams());
        byte[] sealingKey = argon2(password, parameters);
        try {
            byte[] privateKey = AesGcm.open(sealingKey, material.sealedPrivateKey(),
                    concat(LEGACY_USER_KEY_CONTEXT, material.publicKey()));
            return new X25519UserKey(privateKey, material.publicKey(), null, null);
        } catch (AEADBadTagException e) {
            throw wrongPassword();
        } finally {
            Arrays.fill(sealingKey, (byte) 0);
        }
    }

    private static QodexException wrongPassword() {
        return new QodexException(Problem.AUTHENTICATION, "password",
                "This password does not unlock your private key. If you reset it elsewhere, sign in with the new one.",
                null);
    }

    @Override
    public UserKeyMaterial reseal(UnlockedUserKey key, PasswordKeys newKeys) {
        X25519UserKey userKey = (X25519UserKey) key;
        userKey.ensureSigningKey(RANDOM);
        return seal(userKey, (Argon2PasswordKeys) newKeys);
    }

    private static UserKeyMaterial seal(X25519UserKey key, Argon2PasswordKeys keys) {
        byte[] both = concat(key.privateKey(), key.signingSeed());
        try {
            byte[] sealed = AesGcm.seal(keys.sealingKey(), both, userKeyContext(key.publicKey(), key.signingPublicKey()));
            return new UserKeyMaterial(key.publicKey(), Optional.of(key.signingPublicKey()), sealed,
                    keys.parameters().format());
        } finally {
            Arrays.fill(both, (byte) 0);
        }
    }

    private static byte[] argon2(Secret password, KdfParameters parameters) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(parameters.salt())
                .withMemoryAsKB(parameters.memoryKiB())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
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

    private static byte[] userKeyContext(byte[] publicKey, byte[] signingPublicKey) {
        return concat(concat(USER_KEY_CONTEXT, publicKey), signingPublicKey);
    }

    // ------------------------------------------------------------------ API keys (decision 0031)

    @Override
    public UnlockedUserKey apiKeyPair(Secret keySecret) {
        byte[] agreement = fromKeySecret(keySecret, API_KEY_X25519_LABEL);
        byte[] signing = fromKeySecret(keySecret, API_KEY_ED25519_LABEL);
        byte[] agreementPublic = new X25519PrivateKeyParameters(agreement, 0).generatePublicKey().getEncoded();
        byte[] signingPublic = new Ed25519PrivateKeyParameters(signing, 0).generatePublicKey().getEncoded();
        return new X25519UserKey(agreement, agreementPublic, signing, signingPublic);
    }

    /** HKDF-SHA-256 of an API key's secret under a label; the secret's bytes are wiped. */
    private static byte[] fromKeySecret(Secret keySecret, byte[] label) {
        byte[] input = keySecret.utf8();
        try {
            return hkdf(input, new byte[0], label);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    @Override
    public byte[] apiKeyMac(Secret keySecret, byte[] message) {
        byte[] key = fromKeySecret(keySecret, API_KEY_ANCHOR_LABEL);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public Secret apiKeyLoginPassword(Secret keySecret) {
        byte[] login = fromKeySecret(keySecret, API_KEY_LOGIN_LABEL);
        try {
            return Secret.copyOf(Base64.getUrlEncoder().withoutPadding().encodeToString(login));
        } finally {
            Arrays.fill(login, (byte) 0);
        }
    }

    @Override
    public SymmetricKey apiKeyLocalKey(Secret keySecret) {
        return new AesKey(fromKeySecret(keySecret, API_KEY_LOCAL_LABEL), 1);
    }

    // ------------------------------------------------------------------ signatures and commitments

    @Override
    public byte[] sign(UnlockedUserKey key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(((X25519UserKey) key).signingSeed(), 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(byte[] signingPublicKey, byte[] message, byte[] signature) {
        if (signingPublicKey.length != Ed25519PublicKeyParameters.KEY_SIZE || signature.length != 64) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(signingPublicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public byte[] commitment(SymmetricKey key, KeyScope scope, long ownerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(((AesKey) key).bytes(), "HmacSHA256"));
            return mac.doFinal(("qodex-key-commitment-v1|" + scope.name().toLowerCase(java.util.Locale.ROOT) + "|"
                    + ownerId + "|" + key.version()).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    // ------------------------------------------------------------------ project and org keys

    @Override
    public SymmetricKey newSymmetricKey(int version) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new AesKey(key, version);
    }

    @Override
    public KeyWrap wrap(SymmetricKey key, KeyScope scope, long ownerId, long recipientUserId, byte[] recipientPublicKey,
                        UnlockedUserKey wrapper) {
        X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(RANDOM);
        byte[] ephemeralPublic = ephemeral.generatePublicKey().getEncoded();
        byte[] shared = agree(ephemeral, recipientPublicKey);
        byte[] info = wrapInfo(scope, ownerId, key.version(), recipientUserId);
        byte[] kek = hkdf(shared, concat(ephemeralPublic, recipientPublicKey), info);
        try {
            byte[] wrapped = AesGcm.seal(kek, ((AesKey) key).bytes(), info);
            KeyWrap unsigned = new KeyWrap(scope, ownerId, key.version(), recipientUserId, ephemeralPublic, wrapped);
            return unsigned.signed(sign(wrapper, unsigned.signedContent()), 0);
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
