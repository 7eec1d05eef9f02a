package io.qodex.domain.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The roster format and the chain rules of docs/security.md ("Who receives keys"), with real Ed25519 signatures (the
 * JDK's, as the domain has no Bouncy Castle).
 */
class KeyRosterTest {

    private static final byte[] X509_ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Signatures CRYPTO = new Signatures();
    private static final Person ALICE = new Person(1, "alice@example.com");
    private static final Person BOB = new Person(2, "bob@example.com");
    private static final Person MALLORY = new Person(3, "mallory@example.com");

    /** Someone with a real Ed25519 key pair and a made-up X25519 public key (wraps are not under test here). */
    record Person(long id, String email, KeyPair signing, byte[] publicKey) implements UnlockedUserKey {

        Person(long id, String email) {
            this(id, email, generate(), new byte[32]);
        }

        private static KeyPair generate() {
            try {
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public byte[] signingPublicKey() {
            byte[] encoded = signing.getPublic().getEncoded();
            return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        }

        KeyRoster.Member as(KeyRoster.Role role) {
            return new KeyRoster.Member(id, role, publicKey, signingPublicKey(), email);
        }

        SignedRoster sign(KeyRoster roster) {
            byte[] body = roster.body();
            return new SignedRoster(roster.scope(), roster.ownerId(), roster.epoch(), body, CRYPTO.sign(this, body), id);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRosterIsCanonicalTextThatParsesBackAndNothingElseParses() {
        KeyRoster first = KeyRoster.first(KeyScope.PROJECT, 42, KeyRoster.Origin.CREATED, 1, new byte[32],
                List.of(BOB.as(KeyRoster.Role.MEMBER), ALICE.as(KeyRoster.Role.ADMIN)));
        String text = new String(first.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("qodex-roster v1\nscope project\nowner 42\nepoch 1\nprevious -\norigin created\nkey 1 ")
                .contains("\nmember 1 admin ").contains("\nmember 2 member ").endsWith("bob@example.com\n");
        assertThat(KeyRoster.parse(first.body())).isEqualTo(first);
        assertThat(first.isAdmin(1)).isTrue();
        assertThat(first.isAdmin(2)).isFalse();
        assertRefused(() -> KeyRoster.parse((text + "member 9 admin x y z@example.com\n").getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> KeyRoster.parse(text.replace("epoch 1\n", "epoch 01\n").getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> KeyRoster.parse(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> KeyRoster.first(KeyScope.PROJECT, 42, KeyRoster.Origin.CREATED, 1, new byte[32],
                List.of(ALICE.as(KeyRoster.Role.ADMIN), ALICE.as(KeyRoster.Role.MEMBER))));
    }

    @Test
    void aChainSignedByItsAdminsVerifiesAndNamesItsCurrentKey() {
        List<SignedRoster> chain = chain();
        VerifiedRoster verified = new RosterVerifier(CRYPTO).verify(KeyScope.PROJECT, 42, chain, Optional.empty(),
                OptionalLong.of(1));
        assertThat(verified.roster().epoch()).isEqualTo(3);
        assertThat(verified.roster().currentVersion()).isEqualTo(2);
        assertThat(verified.roster().member(2)).isPresent();
        assertThat(verified.signingKeyOf(2)).contains(BOB.signingPublicKey());
        // from a pin at epoch 2, only the new link is checked
        SignedRoster pinned = chain.get(1);
        RosterPin pin = new RosterPin(KeyScope.PROJECT, 42, 2, KeyRoster.sha256(pinned.body()), new byte[64]);
        assertThat(new RosterVerifier(CRYPTO).verify(KeyScope.PROJECT, 42, chain.subList(1, 3), Optional.of(pin),
                OptionalLong.empty()).roster().epoch()).isEqualTo(3);
    }

    @Test
    void everyBrokenRuleIsRefusedWithWhatWasWrong() {
        List<SignedRoster> chain = chain();
        RosterVerifier verifier = new RosterVerifier(CRYPTO);
        // the first roster must be signed by its creator (and one of its own Admins)
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, chain, Optional.empty(), OptionalLong.of(2)),
                "not signed by the project's creator");
        KeyRoster stranger = KeyRoster.first(KeyScope.PROJECT, 42, KeyRoster.Origin.CREATED, 1, new byte[32],
                List.of(ALICE.as(KeyRoster.Role.ADMIN)));
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, List.of(MALLORY.sign(stranger)), Optional.empty(),
                OptionalLong.empty()), "not signed by one of its Admins");
        // a link signed by someone who was a Member, not an Admin, of the roster before
        KeyRoster promoted = KeyRoster.parse(chain.get(1).body()).next(List.of(ALICE.as(KeyRoster.Role.ADMIN),
                BOB.as(KeyRoster.Role.ADMIN), MALLORY.as(KeyRoster.Role.ADMIN)));
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, List.of(chain.get(0), chain.get(1), BOB.sign(promoted)),
                Optional.empty(), OptionalLong.of(1)), "who was not an Admin at epoch 2");
        // a signature that does not verify
        SignedRoster forged = new SignedRoster(KeyScope.PROJECT, 42, 3, promoted.body(), new byte[64], 1);
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, List.of(chain.get(0), chain.get(1), forged),
                Optional.empty(), OptionalLong.of(1)), "does not verify");
        // a link that does not name the hash of the one before
        KeyRoster detached = KeyRoster.parse(chain.get(0).body()).next(List.of(ALICE.as(KeyRoster.Role.ADMIN)));
        KeyRoster skipped = new KeyRoster(KeyScope.PROJECT, 42, 3, detached.previousHash(), KeyRoster.Origin.CREATED,
                detached.keyCommitments(), detached.members());
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, List.of(chain.get(0), chain.get(1), ALICE.sign(skipped)),
                Optional.empty(), OptionalLong.of(1)), "does not follow epoch 2");
        // a key version changed or dropped
        KeyRoster second = KeyRoster.parse(chain.get(1).body());
        java.util.TreeMap<Integer, byte[]> rewritten = new java.util.TreeMap<>(second.keyCommitments());
        rewritten.put(1, new byte[] {9, 9, 9});
        KeyRoster rewrite = new KeyRoster(KeyScope.PROJECT, 42, 3, Optional.of(second.hash()), KeyRoster.Origin.CREATED,
                rewritten, second.members());
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, List.of(chain.get(0), chain.get(1), ALICE.sign(rewrite)),
                Optional.empty(), OptionalLong.of(1)), "changes or drops key version 1");
        // a roster stored for another project
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 43, chain, Optional.empty(), OptionalLong.of(1)),
                "belongs to another project");
        // the chain no longer holds the roster the user pinned (rolled back, or replaced)
        RosterPin pin = new RosterPin(KeyScope.PROJECT, 42, 3, KeyRoster.sha256(chain.get(2).body()), new byte[64]);
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, chain.subList(1, 2), Optional.of(pin),
                OptionalLong.empty()), "differs from epoch 3 you verified before");
        assertRefused(() -> verifier.verify(KeyScope.PROJECT, 42, List.of(), Optional.of(pin), OptionalLong.empty()),
                "missing from the database");
    }

    @Test
    void aFingerprintIsEightWordsOfTheAddressAndBothKeysAndReadsBackInAnyCase() {
        Fingerprint fingerprint = Fingerprint.of("Alice@Example.com", new byte[32], ALICE.signingPublicKey());
        assertThat(fingerprint.phrase()).matches("([a-z]+ ){7}[a-z]+");
        assertThat(Fingerprint.of("alice@example.com", new byte[32], ALICE.signingPublicKey())).isEqualTo(fingerprint);
        assertThat(Fingerprint.of("alice@example.com", new byte[32], BOB.signingPublicKey())).isNotEqualTo(fingerprint);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(Fingerprint.of("alice@example.com", other, ALICE.signingPublicKey())).isNotEqualTo(fingerprint);
        assertThat(fingerprint.matches("  " + fingerprint.phrase().toUpperCase().replace(' ', '-') + " ")).isTrue();
        assertThat(fingerprint.matches(fingerprint.phrase().substring(1))).isFalse();
    }

    /** Epoch 1 by alice (creator, Admin); 2 adds bob as Member; 3 rotates to key version 2, signed by alice. */
    private static List<SignedRoster> chain() {
        KeyRoster first = KeyRoster.first(KeyScope.PROJECT, 42, KeyRoster.Origin.CREATED, 1, new byte[32],
                List.of(ALICE.as(KeyRoster.Role.ADMIN)));
        KeyRoster second = first.next(List.of(ALICE.as(KeyRoster.Role.ADMIN), BOB.as(KeyRoster.Role.MEMBER)));
        KeyRoster third = second.nextWithKey(2, new byte[32], new ArrayList<>(second.members()));
        return List.of(ALICE.sign(first), ALICE.sign(second), ALICE.sign(third));
    }

    private static void assertRefused(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QodexException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.INTEGRITY));
    }

    private static void assertRefused(ThrowingCallable call, String says) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QodexException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INTEGRITY);
            assertThat(e.getMessage()).contains(says);
        });
    }

    /** Ed25519 signatures from the JDK; the rest of the port is not used by the roster rules. */
    static final class Signatures implements KeyCrypto {

        @Override
        public byte[] sign(UnlockedUserKey key, byte[] message) {
            try {
                PrivateKey privateKey = ((Person) key).signing().getPrivate();
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(privateKey);
                signature.update(message);
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean verify(byte[] signingPublicKey, byte[] message, byte[] signature) {
            try {
                byte[] encoded = Arrays.copyOf(X509_ED25519_PREFIX, X509_ED25519_PREFIX.length + 32);
                System.arraycopy(signingPublicKey, 0, encoded, X509_ED25519_PREFIX.length, 32);
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
                verifier.update(message);
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public UnlockedUserKey apiKeyPair(Secret keySecret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] apiKeyMac(Secret keySecret, byte[] message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Secret apiKeyLoginPassword(Secret keySecret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SymmetricKey apiKeyLocalKey(Secret keySecret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KdfParameters freshParameters() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PasswordKeys passwordKeys(Secret password, KdfParameters parameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UserKeyMaterial newUserKey(PasswordKeys keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UnlockedUserKey unlock(UserKeyMaterial material, PasswordKeys keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UnlockedUserKey unlockLegacy(UserKeyMaterial material, Secret password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UserKeyMaterial reseal(UnlockedUserKey key, PasswordKeys newKeys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SymmetricKey newSymmetricKey(int version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyWrap wrap(SymmetricKey key, KeyScope scope, long ownerId, long recipientUserId, byte[] recipientPublicKey,
                            UnlockedUserKey wrapper) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SymmetricKey unwrap(KeyWrap wrap, UnlockedUserKey recipientKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] commitment(SymmetricKey key, KeyScope scope, long ownerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String encrypt(SymmetricKey key, String associatedData, Secret plaintext) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Secret decrypt(SymmetricKey key, String associatedData, String stored) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int versionOf(String stored) {
            throw new UnsupportedOperationException();
        }
    }
}
