package io.qodex.domain.secret;

import java.util.Optional;

/**
 * Someone the database says should hold a key (an Admin or Member of the project, a verified member of the
 * organization), with the public keys it lists for them. Only a signed roster makes them a key holder: the database
 * can be written by people who must not decide that.
 */
public record KeyCandidate(long userId, String email, KeyRoster.Role role, Optional<byte[]> publicKey,
                           Optional<byte[]> signingPublicKey, boolean holdsCurrentKey) {

    public KeyCandidate {
        publicKey = publicKey.map(byte[]::clone);
        signingPublicKey = signingPublicKey.map(byte[]::clone);
    }

    /** The fingerprint an Admin compares before confirming; empty until the person has signed in with both keys. */
    public Optional<Fingerprint> fingerprint() {
        return publicKey.isPresent() && signingPublicKey.isPresent()
                ? Optional.of(Fingerprint.of(email, publicKey.get(), signingPublicKey.get())) : Optional.empty();
    }

    public Optional<KeyRoster.Member> asMember() {
        return publicKey.isPresent() && signingPublicKey.isPresent()
                ? Optional.of(new KeyRoster.Member(userId, role, publicKey.get(), signingPublicKey.get(), email))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "KeyCandidate[" + userId + " " + role + "]";
    }
}
