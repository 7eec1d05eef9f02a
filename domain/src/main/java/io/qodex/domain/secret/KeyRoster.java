package io.qodex.domain.secret;

import io.qodex.domain.common.QodexException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who holds a project's (or the organization's) key at one epoch: the key holders with their roles and public keys,
 * and a commitment to every key version. Each roster names the hash of the one before it and is signed by an Admin of
 * that one; the first is signed by the project's creator. The body is canonical text (what is signed is what is
 * parsed). See docs/security.md, "Who receives keys".
 */
public record KeyRoster(KeyScope scope, long ownerId, int epoch, Optional<byte[]> previousHash, Origin origin,
                        SortedMap<Integer, byte[]> keyCommitments, List<Member> members) {

    private static final String HEADER = "qodex-roster v1";
    private static final int MAX_MEMBERS = 10_000;

    /** How the chain began: with the project, or when a project made before signed rosters was first signed. */
    public enum Origin { CREATED, MIGRATED }

    /** Someone who holds the key: an Admin (may sign the next roster) or a Member. */
    public enum Role { ADMIN, MEMBER }

    public record Member(long userId, Role role, byte[] publicKey, byte[] signingPublicKey, String email) {

        public Member {
            publicKey = publicKey.clone();
            signingPublicKey = signingPublicKey.clone();
            if (publicKey.length != 32 || signingPublicKey.length != 32 || email.isBlank() || email.contains(" ")
                    || email.contains("\n")) {
                throw QodexException.integrity("A key roster names a member with malformed keys or address.");
            }
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] signingPublicKey() {
            return signingPublicKey.clone();
        }

        public Fingerprint fingerprint() {
            return Fingerprint.of(email, publicKey, signingPublicKey);
        }

        /** Same person with the same keys (the role may differ). */
        public boolean sameKeys(byte[] otherPublicKey, byte[] otherSigningPublicKey) {
            return Arrays.equals(publicKey, otherPublicKey) && Arrays.equals(signingPublicKey, otherSigningPublicKey);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Member that && userId == that.userId && role == that.role && email.equals(that.email)
                    && Arrays.equals(publicKey, that.publicKey) && Arrays.equals(signingPublicKey, that.signingPublicKey);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(userId);
        }

        @Override
        public String toString() {
            return "Member[" + userId + " " + role + "]";
        }
    }

    public KeyRoster {
        previousHash = previousHash.map(byte[]::clone);
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keyCommitments.forEach((version, commitment) -> keys.put(version, commitment.clone()));
        keyCommitments = Collections.unmodifiableSortedMap(keys);
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparingLong(Member::userId));
        members = List.copyOf(sorted);
        if (epoch < 1 || (epoch == 1) != previousHash.isEmpty() || keyCommitments.isEmpty()
                || members.size() > MAX_MEMBERS) {
            throw QodexException.integrity("A key roster is malformed (epoch " + epoch + ").");
        }
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i).userId() == members.get(i - 1).userId()) {
                throw QodexException.integrity("A key roster names the same member twice.");
            }
        }
    }

    /** The first roster of a chain. */
    public static KeyRoster first(KeyScope scope, long ownerId, Origin origin, int version, byte[] commitment,
                                  List<Member> members) {
        return new KeyRoster(scope, ownerId, 1, Optional.empty(), origin, new TreeMap<>(Map.of(version, commitment)),
                members);
    }

    /** The roster after this one: same keys unless told, the given members. */
    public KeyRoster next(List<Member> nextMembers) {
        return new KeyRoster(scope, ownerId, epoch + 1, Optional.of(hash()), origin, keyCommitments, nextMembers);
    }

    /** The roster after this one with a new key version. */
    public KeyRoster nextWithKey(int version, byte[] commitment, List<Member> nextMembers) {
        if (version <= currentVersion()) {
            throw QodexException.integrity("A new key version must be newer than " + currentVersion() + ".");
        }
        TreeMap<Integer, byte[]> keys = new TreeMap<>(keyCommitments);
        keys.put(version, commitment);
        return new KeyRoster(scope, ownerId, epoch + 1, Optional.of(hash()), origin, keys, nextMembers);
    }

    public int currentVersion() {
        return keyCommitments.lastKey();
    }

    public Optional<byte[]> commitment(int version) {
        return Optional.ofNullable(keyCommitments.get(version)).map(byte[]::clone);
    }

    public Optional<Member> member(long userId) {
        return members.stream().filter(m -> m.userId() == userId).findFirst();
    }

    public boolean isAdmin(long userId) {
        return member(userId).map(m -> m.role() == Role.ADMIN).orElse(false);
    }

    @Override
    public Optional<byte[]> previousHash() {
        return previousHash.map(byte[]::clone);
    }

    /** The canonical text that is signed and stored. */
    public byte[] body() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder text = new StringBuilder(256 + members.size() * 140);
        text.append(HEADER).append('\n');
        text.append("scope ").append(scope.name().toLowerCase(Locale.ROOT)).append('\n');
        text.append("owner ").append(ownerId).append('\n');
        text.append("epoch ").append(epoch).append('\n');
        text.append("previous ").append(previousHash.map(b64::encodeToString).orElse("-")).append('\n');
        text.append("origin ").append(origin.name().toLowerCase(Locale.ROOT)).append('\n');
        keyCommitments.forEach((version, commitment) ->
                text.append("key ").append(version).append(' ').append(b64.encodeToString(commitment)).append('\n'));
        for (Member m : members) {
            text.append("member ").append(m.userId()).append(' ').append(m.role().name().toLowerCase(Locale.ROOT))
                    .append(' ').append(b64.encodeToString(m.publicKey)).append(' ')
                    .append(b64.encodeToString(m.signingPublicKey)).append(' ').append(m.email()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] hash() {
        return sha256(body());
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a stored body; anything but the canonical form is refused (it could not have been signed as such). */
    public static KeyRoster parse(byte[] body) {
        try {
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
            int i = 0;
            expect(lines[i++], HEADER);
            KeyScope scope = KeyScope.valueOf(value(lines[i++], "scope").toUpperCase(Locale.ROOT));
            long owner = Long.parseLong(value(lines[i++], "owner"));
            int epoch = Integer.parseInt(value(lines[i++], "epoch"));
            String previous = value(lines[i++], "previous");
            Origin origin = Origin.valueOf(value(lines[i++], "origin").toUpperCase(Locale.ROOT));
            TreeMap<Integer, byte[]> keys = new TreeMap<>();
            Base64.Decoder b64 = Base64.getDecoder();
            while (lines[i].startsWith("key ")) {
                String[] parts = lines[i++].split(" ");
                if (parts.length != 3 || keys.put(Integer.parseInt(parts[1]), b64.decode(parts[2])) != null) {
                    throw new IllegalArgumentException("key line");
                }
            }
            List<Member> members = new ArrayList<>();
            while (lines[i].startsWith("member ")) {
                String[] parts = lines[i++].split(" ");
                if (parts.length != 6) {
                    throw new IllegalArgumentException("member line");
                }
                members.add(new Member(Long.parseLong(parts[1]), Role.valueOf(parts[2].toUpperCase(Locale.ROOT)),
                        b64.decode(parts[3]), b64.decode(parts[4]), parts[5]));
            }
            if (i != lines.length - 1 || !lines[i].isEmpty()) {
                throw new IllegalArgumentException("trailing text");
            }
            KeyRoster roster = new KeyRoster(scope, owner, epoch,
                    previous.equals("-") ? Optional.empty() : Optional.of(b64.decode(previous)), origin, keys, members);
            if (!Arrays.equals(roster.body(), body)) {
                throw new IllegalArgumentException("not canonical");
            }
            return roster;
        } catch (RuntimeException e) {
            if (e instanceof QodexException q) {
                throw q;
            }
            throw QodexException.integrity("A stored key roster is malformed (" + e.getMessage() + "): refused.");
        }
    }

    private static void expect(String line, String expected) {
        if (!line.equals(expected)) {
            throw new IllegalArgumentException("header");
        }
    }

    private static String value(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException(name);
        }
        return line.substring(name.length() + 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRoster that && Arrays.equals(body(), that.body());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }

    @Override
    public String toString() {
        return "KeyRoster[" + scope + " " + ownerId + " epoch " + epoch + ", " + members.size() + " member(s), key v"
                + currentVersion() + "]";
    }
}
