package io.qodex.domain.secret;

import io.qodex.domain.common.QodexException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks a chain of key rosters: each one names the hash of the one before and is signed by an Admin of it; the first
 * is signed by one of its own Admins (the project's creator, for a project that began with a roster); key versions are
 * only ever added, never changed. A chain that starts at a pinned roster starts from what the user verified before.
 * Every refusal names the roster and why.
 */
final class RosterVerifier {

    private final KeyCrypto crypto;

    RosterVerifier(KeyCrypto crypto) {
        this.crypto = crypto;
    }

    VerifiedRoster verify(KeyScope scope, long ownerId, List<SignedRoster> chain, Optional<RosterPin> pin,
                          OptionalLong creator) {
        String what = (scope == KeyScope.PROJECT ? "project #" : "organization #") + ownerId;
        if (chain.isEmpty()) {
            throw QodexException.integrity("The key roster of " + what + " is missing from the database although you "
                    + "verified epoch " + pin.map(RosterPin::epoch).orElse(0) + " of it: refused.");
        }
        SignedRoster first = chain.get(0);
        KeyRoster previous = parse(first, scope, ownerId, what);
        Map<Long, byte[]> signingKeys = new HashMap<>();
        if (pin.isPresent()) {
            if (first.epoch() != pin.get().epoch()
                    || !MessageDigest.isEqual(KeyRoster.sha256(first.body()), pin.get().head())) {
                throw QodexException.integrity("The key roster of " + what + " differs from epoch " + pin.get().epoch()
                        + " you verified before: it was rolled back or replaced in the database. Its keys are refused.");
            }
        } else {
            if (first.epoch() != 1) {
                throw QodexException.integrity("The key roster of " + what + " does not start at its first epoch: refused.");
            }
            KeyRoster.Member signer = previous.member(first.signerId()).filter(m -> m.role() == KeyRoster.Role.ADMIN)
                    .orElseThrow(() -> QodexException.integrity("The first key roster of " + what
                            + " is not signed by one of its Admins (signer #" + first.signerId() + "): refused."));
            if (previous.origin() == KeyRoster.Origin.CREATED && creator.isPresent()
                    && creator.getAsLong() != first.signerId()) {
                throw QodexException.integrity("The first key roster of " + what + " is not signed by the project's "
                        + "creator: refused.");
            }
            requireSignature(signer, first, what);
        }
        previous.members().forEach(m -> signingKeys.put(m.userId(), m.signingPublicKey()));
        SignedRoster previousSigned = first;
        for (SignedRoster link : chain.subList(1, chain.size())) {
            KeyRoster next = parse(link, scope, ownerId, what);
            if (link.epoch() != previousSigned.epoch() + 1
                    || !MessageDigest.isEqual(next.previousHash().orElse(new byte[0]), KeyRoster.sha256(previousSigned.body()))) {
                throw QodexException.integrity("Key roster epoch " + link.epoch() + " of " + what
                        + " does not follow epoch " + previousSigned.epoch() + ": refused.");
            }
            int previousEpoch = previousSigned.epoch();
            KeyRoster.Member signer = previous.member(link.signerId()).filter(m -> m.role() == KeyRoster.Role.ADMIN)
                    .orElseThrow(() -> QodexException.integrity("Key roster epoch " + link.epoch() + " of " + what
                            + " is signed by #" + link.signerId() + ", who was not an Admin at epoch "
                            + previousEpoch + ": refused."));
            requireSignature(signer, link, what);
            for (Map.Entry<Integer, byte[]> key : previous.keyCommitments().entrySet()) {
                if (!next.commitment(key.getKey()).map(c -> MessageDigest.isEqual(c, key.getValue())).orElse(false)) {
                    throw QodexException.integrity("Key roster epoch " + link.epoch() + " of " + what
                            + " changes or drops key version " + key.getKey() + ": refused.");
                }
            }
            next.members().forEach(m -> signingKeys.put(m.userId(), m.signingPublicKey()));
            previous = next;
            previousSigned = link;
        }
        return new VerifiedRoster(previous, previousSigned, signingKeys);
    }

    private void requireSignature(KeyRoster.Member signer, SignedRoster link, String what) {
        if (!crypto.verify(signer.signingPublicKey(), link.body(), link.signature())) {
            throw QodexException.integrity("The signature on key roster epoch " + link.epoch() + " of " + what
                    + " does not verify with " + signer.email() + "'s key: refused.");
        }
    }

    private static KeyRoster parse(SignedRoster link, KeyScope scope, long ownerId, String what) {
        KeyRoster roster = KeyRoster.parse(link.body());
        if (roster.scope() != scope || roster.ownerId() != ownerId || roster.epoch() != link.epoch()) {
            throw QodexException.integrity("Key roster epoch " + link.epoch() + " stored for " + what
                    + " belongs to another project or epoch: refused.");
        }
        return roster;
    }
}
