package io.qodex.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
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

/** SECURITY.md layer 3: every tampering fails with a clear INTEGRITY error, never garbage. */
class BouncyCastleKeyCryptoTest {

    private static final BouncyCastleKeyCrypto CRYPTO = new BouncyCastleKeyCrypto();
    private static final Secret PASSWORD = Secret.copyOf("marble-octopus-73q");
    private static final UserKeyMaterial ALICE_MATERIAL = CRYPTO.newUserKey(PASSWORD);
    private static final UnlockedUserKey ALICE = CRYPTO.unlock(ALICE_MATERIAL, PASSWORD);
    private static final UnlockedUserKey BOB = CRYPTO.unlock(CRYPTO.newUserKey(PASSWORD), PASSWORD);
    private static final String AAD = SecretField.BYOK_KEY.associatedData(7, 7);

    @Test
    void userKeysUnlockOnlyWithTheirPassword() {
        assertThat(ALICE.publicKey()).isEqualTo(ALICE_MATERIAL.publicKey()).hasSize(32);
        assertThat(ALICE_MATERIAL.kdfParams()).startsWith("argon2id;v=19;m=19456;t=2;p=1;salt=");
        assertFails(() -> CRYPTO.unlock(ALICE_MATERIAL, Secret.copyOf("marble-octopus-73Q")), Problem.AUTHENTICATION);
        UserKeyMaterial resealed = CRYPTO.reseal(ALICE, Secret.copyOf("new-password-for-alice"));
        assertThat(resealed.publicKey()).isEqualTo(ALICE_MATERIAL.publicKey());
        assertThat(CRYPTO.unlock(resealed, Secret.copyOf("new-password-for-alice")).publicKey()).isEqualTo(ALICE.publicKey());
        assertFails(() -> CRYPTO.unlock(resealed, PASSWORD), Problem.AUTHENTICATION);
    }

    @Test
    void aSealedPrivateKeySwappedUnderAnotherPublicKeyDoesNotOpen() {
        UserKeyMaterial other = CRYPTO.newUserKey(PASSWORD);
        UserKeyMaterial swapped = new UserKeyMaterial(other.publicKey(), ALICE_MATERIAL.sealedPrivateKey(),
                ALICE_MATERIAL.kdfParams());
        assertFails(() -> CRYPTO.unlock(swapped, PASSWORD), Problem.AUTHENTICATION);
    }

    @Test
    void aWrapOpensOnlyForItsRecipientInItsContext() {
        try (SymmetricKey key = CRYPTO.newSymmetricKey(3)) {
            KeyWrap wrap = CRYPTO.wrap(key, KeyScope.PROJECT, 11, 1, ALICE.publicKey());
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
            KeyWrap wrap = CRYPTO.wrap(key, KeyScope.PROJECT, 5, 1, ALICE.publicKey());
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
