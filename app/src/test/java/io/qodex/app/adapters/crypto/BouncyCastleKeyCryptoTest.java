package io.qodex.app.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KdfParameters;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.PasswordKeys;
import io.qodex.domain.secret.SecretField;
import io.qodex.domain.secret.SymmetricKey;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** docs/security.md ("Passwords", "Secrets"): every tampering fails with a clear error, never garbage. */
class BouncyCastleKeyCryptoTest {

    private static final BouncyCastleKeyCrypto CRYPTO = new BouncyCastleKeyCrypto();
    private static final Secret PASSWORD = Secret.copyOf("marble-octopus-73q");
    private static final UserKeyMaterial ALICE_MATERIAL = newUserKey(PASSWORD);
    private static final UnlockedUserKey ALICE = unlock(ALICE_MATERIAL, PASSWORD);
    private static final UnlockedUserKey BOB = unlock(newUserKey(PASSWORD), PASSWORD);
    private static final String AAD = SecretField.BYOK_KEY.associatedData(7, 7);

    static UserKeyMaterial newUserKey(Secret password) {
        return CryptoFixtures.newUserKey(CRYPTO, password);
    }

    static UnlockedUserKey unlock(UserKeyMaterial material, Secret password) {
        return CryptoFixtures.unlock(CRYPTO, material, password);
    }

    @Test
    void userKeysUnlockOnlyWithTheirPassword() {
        assertThat(ALICE.publicKey()).isEqualTo(ALICE_MATERIAL.publicKey()).hasSize(32);
        assertThat(ALICE.signingPublicKey()).isEqualTo(ALICE_MATERIAL.signingPublicKey().orElseThrow()).hasSize(32);
        assertThat(ALICE_MATERIAL.kdfParams()).startsWith("qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt=");
        assertFails(() -> unlock(ALICE_MATERIAL, Secret.copyOf("marble-octopus-73Q")), Problem.AUTHENTICATION);
        UserKeyMaterial resealed;
        try (PasswordKeys keys = CRYPTO.passwordKeys(Secret.copyOf("new-password-for-alice"), CRYPTO.freshParameters())) {
            resealed = CRYPTO.reseal(ALICE, keys);
        }
        assertThat(resealed.publicKey()).isEqualTo(ALICE_MATERIAL.publicKey());
        assertThat(resealed.signingPublicKey().orElseThrow()).isEqualTo(ALICE.signingPublicKey());
        assertThat(unlock(resealed, Secret.copyOf("new-password-for-alice")).publicKey()).isEqualTo(ALICE.publicKey());
        assertFails(() -> unlock(resealed, PASSWORD), Problem.AUTHENTICATION);
    }

    @Test
    void oneArgon2RunGivesALoginPasswordThatIsNeitherThePasswordNorTheSealingKey() {
        KdfParameters parameters = KdfParameters.parse(ALICE_MATERIAL.kdfParams());
        try (PasswordKeys first = CRYPTO.passwordKeys(PASSWORD, parameters);
             PasswordKeys second = CRYPTO.passwordKeys(PASSWORD, parameters);
             PasswordKeys other = CRYPTO.passwordKeys(Secret.copyOf("marble-octopus-73Q"), parameters)) {
            assertThat(first.loginPassword().reveal()).isEqualTo(second.loginPassword().reveal())
                    .matches("[A-Za-z0-9_-]{43}").isNotEqualTo(PASSWORD.reveal())
                    .isNotEqualTo(other.loginPassword().reveal());
            assertThat(first.toString()).doesNotContain(first.loginPassword().reveal());
        }
        try (PasswordKeys salted = CRYPTO.passwordKeys(PASSWORD, CRYPTO.freshParameters());
             PasswordKeys mine = CRYPTO.passwordKeys(PASSWORD, parameters)) {
            assertThat(salted.loginPassword().reveal()).isNotEqualTo(mine.loginPassword().reveal());
        }
    }

    @Test
    void kdfParametersReadFromTheDatabaseAreBounded() {
        String salt = ";salt=" + Base64.getEncoder().encodeToString(new byte[16]);
        assertFails(() -> KdfParameters.parse("qodex-kdf-v2;argon2id;v=19;m=4000000;t=2;p=1" + salt), Problem.INTEGRITY);
        assertFails(() -> KdfParameters.parse("qodex-kdf-v2;argon2id;v=19;m=19456;t=1;p=1" + salt), Problem.INTEGRITY);
        assertFails(() -> KdfParameters.parse("qodex-kdf-v2;argon2id;v=19;m=1024;t=2;p=1" + salt), Problem.INTEGRITY);
        assertFails(() -> KdfParameters.parse("qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=64" + salt), Problem.INTEGRITY);
        assertFails(() -> KdfParameters.parse("qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt=AAAA"), Problem.INTEGRITY);
        assertFails(() -> KdfParameters.parse("scrypt;n=2"), Problem.INTEGRITY);
        assertThat(KdfParameters.parse("argon2id;v=19;m=19456;t=2;p=1" + salt).legacy()).isTrue();
    }

    @Test
    void aLegacyAccountUnlocksWithItsPasswordAndGainsASigningKeyWhenResealed() throws Exception {
        // sealed the way accounts were before the derived login: AES-GCM under Argon2id(password) alone
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        org.bouncycastle.crypto.params.X25519PrivateKeyParameters legacyKey =
                new org.bouncycastle.crypto.params.X25519PrivateKeyParameters(new java.security.SecureRandom());
        byte[] publicKey = legacyKey.generatePublicKey().getEncoded();
        KdfParameters legacyParameters = new KdfParameters(true, 19456, 2, 1, salt);
        org.bouncycastle.crypto.generators.Argon2BytesGenerator argon = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        argon.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id).withVersion(19).withSalt(salt)
                .withMemoryAsKB(19456).withIterations(2).withParallelism(1).build());
        byte[] sealingKey = new byte[32];
        argon.generateBytes(PASSWORD.utf8(), sealingKey);
        byte[] context = java.util.Arrays.copyOf("qodex-user-key-v1|".getBytes(java.nio.charset.StandardCharsets.UTF_8), 18 + 32);
        System.arraycopy(publicKey, 0, context, 18, 32);
        UserKeyMaterial legacy = new UserKeyMaterial(publicKey, java.util.Optional.empty(),
                AesGcm.seal(sealingKey, legacyKey.getEncoded(), context), legacyParameters.format());

        assertFails(() -> CRYPTO.unlockLegacy(legacy, Secret.copyOf("marble-octopus-73Q")), Problem.AUTHENTICATION);
        UnlockedUserKey unlocked = CRYPTO.unlockLegacy(legacy, PASSWORD);
        assertThat(unlocked.publicKey()).isEqualTo(publicKey);
        UserKeyMaterial upgraded;
        try (PasswordKeys keys = CRYPTO.passwordKeys(PASSWORD, CRYPTO.freshParameters())) {
            upgraded = CRYPTO.reseal(unlocked, keys);
        }
        assertThat(upgraded.signingPublicKey()).isPresent();
        assertThat(upgraded.kdfParams()).startsWith("qodex-kdf-v2;");
        UnlockedUserKey again = unlock(upgraded, PASSWORD);
        assertThat(again.publicKey()).isEqualTo(publicKey);
        assertThat(again.signingPublicKey()).isEqualTo(upgraded.signingPublicKey().get());
        try (SymmetricKey key = CRYPTO.newSymmetricKey(1)) {
            KeyWrap wrap = CRYPTO.wrap(key, KeyScope.PROJECT, 3, 9, publicKey, ALICE);
            try (SymmetricKey opened = CRYPTO.unwrap(wrap, again)) {
                assertThat(CRYPTO.commitment(opened, KeyScope.PROJECT, 3)).isEqualTo(CRYPTO.commitment(key, KeyScope.PROJECT, 3));
            }
        }
    }

    @Test
    void aSealedPrivateKeySwappedUnderAnotherPublicKeyDoesNotOpen() {
        UserKeyMaterial other = newUserKey(PASSWORD);
        UserKeyMaterial swapped = new UserKeyMaterial(other.publicKey(), ALICE_MATERIAL.signingPublicKey(),
                ALICE_MATERIAL.sealedPrivateKey(), ALICE_MATERIAL.kdfParams());
        assertFails(() -> unlock(swapped, PASSWORD), Problem.AUTHENTICATION);
        UserKeyMaterial otherSigner = new UserKeyMaterial(ALICE_MATERIAL.publicKey(), other.signingPublicKey(),
                ALICE_MATERIAL.sealedPrivateKey(), ALICE_MATERIAL.kdfParams());
        assertFails(() -> unlock(otherSigner, PASSWORD), Problem.AUTHENTICATION);
    }

    @Test
    void signaturesVerifyOnlyForTheirKeyAndMessage() {
        byte[] message = "qodex-roster v1\nscope project\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = CRYPTO.sign(ALICE, message);
        assertThat(CRYPTO.verify(ALICE.signingPublicKey(), message, signature)).isTrue();
        assertThat(CRYPTO.verify(BOB.signingPublicKey(), message, signature)).isFalse();
        byte[] changed = message.clone();
        changed[3] ^= 1;
        assertThat(CRYPTO.verify(ALICE.signingPublicKey(), changed, signature)).isFalse();
        byte[] forged = signature.clone();
        forged[10] ^= 1;
        assertThat(CRYPTO.verify(ALICE.signingPublicKey(), message, forged)).isFalse();
        assertThat(CRYPTO.verify(new byte[31], message, signature)).isFalse();
    }

    @Test
    void aWrapIsSignedByItsWrapperAndACommitmentBindsTheKeyToItsProjectAndVersion() {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(2); SymmetricKey other = CRYPTO.newSymmetricKey(2)) {
            KeyWrap wrap = CRYPTO.wrap(key, KeyScope.PROJECT, 11, 1, ALICE.publicKey(), BOB);
            assertThat(CRYPTO.verify(BOB.signingPublicKey(), wrap.signedContent(), wrap.signature().orElseThrow())).isTrue();
            assertThat(CRYPTO.verify(ALICE.signingPublicKey(), wrap.signedContent(), wrap.signature().orElseThrow())).isFalse();
            assertThat(CRYPTO.verify(BOB.signingPublicKey(), relabel(wrap, KeyScope.PROJECT, 12, 2, 1).signedContent(),
                    wrap.signature().orElseThrow())).isFalse();
            byte[] commitment = CRYPTO.commitment(key, KeyScope.PROJECT, 11);
            assertThat(commitment).hasSize(32)
                    .isNotEqualTo(CRYPTO.commitment(other, KeyScope.PROJECT, 11))
                    .isNotEqualTo(CRYPTO.commitment(key, KeyScope.PROJECT, 12))
                    .isNotEqualTo(CRYPTO.commitment(key, KeyScope.ORG, 11));
        }
    }

    @Test
    void aWrapOpensOnlyForItsRecipientInItsContext() {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(3)) {
            KeyWrap wrap = CRYPTO.wrap(key, KeyScope.PROJECT, 11, 1, ALICE.publicKey(), ALICE);
            String value = CRYPTO.encrypt(key, AAD, Secret.copyOf("sk-live-1234567890"));
            try (SymmetricKey unwrapped = CRYPTO.unwrap(wrap, ALICE)) {
                assertThat(unwrapped.version()).isEqualTo(3);
                assertThat(CRYPTO.decrypt(unwrapped, AAD, value).reveal()).isEqualTo("sk-live-1234567890");
            }
            assertFails(() -> CRYPTO.unwrap(wrap, BOB), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.unwrap(relabel(wrap, KeyScope.PROJECT, 12, 3, 1), ALICE), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.unwrap(relabel(wrap, KeyScope.PROJECT, 11, 4, 1), ALICE), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.unwrap(relabel(wrap, KeyScope.PROJECT, 11, 3, 2), ALICE), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.unwrap(relabel(wrap, KeyScope.ORG, 11, 3, 1), ALICE), Problem.INTEGRITY);
        }
    }

    @Test
    void flippingAnyByteOfAWrapFails() {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(1)) {
            KeyWrap wrap = CRYPTO.wrap(key, KeyScope.PROJECT, 5, 1, ALICE.publicKey(), ALICE);
            byte[] ephemeral = wrap.ephemeralPublicKey();
            for (int i = 0; i < ephemeral.length; i++) {
                byte[] flipped = ephemeral.clone();
                flipped[i] ^= 0x01;
                KeyWrap tampered = new KeyWrap(wrap.scope(), wrap.ownerId(), wrap.version(), wrap.recipientUserId(),
                        flipped, wrap.wrappedKey());
                assertFails(() -> CRYPTO.unwrap(tampered, ALICE), Problem.INTEGRITY);
            }
            byte[] wrapped = wrap.wrappedKey();
            for (int i = 0; i < wrapped.length; i++) {
                byte[] flipped = wrapped.clone();
                flipped[i] ^= (byte) 0x80;
                KeyWrap tampered = new KeyWrap(wrap.scope(), wrap.ownerId(), wrap.version(), wrap.recipientUserId(),
                        wrap.ephemeralPublicKey(), flipped);
                assertFails(() -> CRYPTO.unwrap(tampered, ALICE), Problem.INTEGRITY);
            }
        }
    }

    @Test
    void valuesHaveTheV1FormatAndFlippingAnyByteFails() {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(2)) {
            String stored = CRYPTO.encrypt(key, AAD, Secret.copyOf("sk-proj-abcdefghijklmnop"));
            assertThat(stored).matches("v1\\.2\\.[A-Za-z0-9+/]+=*");
            assertThat(CRYPTO.versionOf(stored)).isEqualTo(2);
            byte[] payload = Base64.getDecoder().decode(stored.substring("v1.2.".length()));
            assertThat(payload).hasSize(12 + "sk-proj-abcdefghijklmnop".length() + 16);
            for (int i = 0; i < payload.length; i++) { // nonce, ciphertext and tag alike
                byte[] flipped = payload.clone();
                flipped[i] ^= 0x01;
                String tampered = "v1.2." + Base64.getEncoder().encodeToString(flipped);
                assertFails(() -> CRYPTO.decrypt(key, AAD, tampered), Problem.INTEGRITY);
            }
        }
    }

    @Test
    void aValueCopiedToAnotherRowColumnOrProjectOrRelabelledFails() {
        try (SymmetricKey v1 = CRYPTO.newSymmetricKey(1); SymmetricKey v2 = CRYPTO.newSymmetricKey(2)) {
            String stored = CRYPTO.encrypt(v1, SecretField.ENVIRONMENT_VARIABLE.associatedData(7, 100), Secret.copyOf("hunter2-but-longer"));
            assertThat(CRYPTO.decrypt(v1, SecretField.ENVIRONMENT_VARIABLE.associatedData(7, 100), stored).reveal())
                    .isEqualTo("hunter2-but-longer");
            assertFails(() -> CRYPTO.decrypt(v1, SecretField.ENVIRONMENT_VARIABLE.associatedData(7, 101), stored), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.decrypt(v1, SecretField.ENVIRONMENT_VARIABLE.associatedData(8, 100), stored), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.decrypt(v1, SecretField.AUTH_PASSWORD.associatedData(7, 100), stored), Problem.INTEGRITY);
            String relabelled = "v1.2." + stored.substring("v1.1.".length());
            assertFails(() -> CRYPTO.decrypt(v2, SecretField.ENVIRONMENT_VARIABLE.associatedData(7, 100), relabelled), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.decrypt(v1, SecretField.ENVIRONMENT_VARIABLE.associatedData(7, 100), relabelled), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.decrypt(v1, AAD, "plaintext"), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.decrypt(v1, AAD, "v1.1.@@@@"), Problem.INTEGRITY);
            assertFails(() -> CRYPTO.decrypt(v1, AAD, "v1.1.AAAA"), Problem.INTEGRITY);
        }
    }

    @Test
    void errorsNameThePlaceButNeverTheValue() {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(1)) {
            String stored = CRYPTO.encrypt(key, AAD, Secret.copyOf("sk-should-not-leak-123"));
            assertThatThrownBy(() -> CRYPTO.decrypt(key, SecretField.BYOK_KEY.associatedData(8, 8), stored))
                    .hasMessageContaining("byok_credentials.key_secret")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-should-not-leak-123"));
        }
    }

    @Property(tries = 60)
    void anyValueRoundTripsAndAnySingleBitFlipIsCaught(@ForAll @StringLength(max = 300) String value,
                                                       @ForAll @IntRange(min = 0, max = 10_000) int position,
                                                       @ForAll @IntRange(min = 0, max = 7) int bit) {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(1)) {
            String stored = CRYPTO.encrypt(key, AAD, Secret.copyOf(value));
            assertThat(CRYPTO.decrypt(key, AAD, stored).reveal()).isEqualTo(value);
            byte[] payload = Base64.getDecoder().decode(stored.substring("v1.1.".length()));
            payload[position % payload.length] ^= (byte) (1 << bit);
            String tampered = "v1.1." + Base64.getEncoder().encodeToString(payload);
            assertFails(() -> CRYPTO.decrypt(key, AAD, tampered), Problem.INTEGRITY);
        }
    }

    private static KeyWrap relabel(KeyWrap wrap, KeyScope scope, long owner, int version, long recipient) {
        return new KeyWrap(scope, owner, version, recipient, wrap.ephemeralPublicKey(), wrap.wrappedKey());
    }

    private static void assertFails(ThrowingCallable call, Problem problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }
}
