package io.qodex.domain.secret;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The latest roster of a chain a user has verified (its epoch and hash), signed with the user's own key: the database
 * cannot then serve that user an older or a forked chain without it showing.
 */
public record RosterPin(KeyScope scope, long ownerId, int epoch, byte[] head, byte[] signature) {

    public RosterPin {
        head = head.clone();
        signature = signature.clone();
    }

    public static byte[] signedContent(KeyScope scope, long ownerId, int epoch, byte[] head) {
        return ("qodex-pin-v1|" + scope.name().toLowerCase(Locale.ROOT) + "|" + ownerId + "|" + epoch + "|"
                + Base64.getEncoder().encodeToString(head)).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] signedContent() {
        return signedContent(scope, ownerId, epoch, head);
    }

    @Override
    public byte[] head() {
        return head.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RosterPin that && scope == that.scope && ownerId == that.ownerId && epoch == that.epoch
                && Arrays.equals(head, that.head) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(head);
    }

    @Override
    public String toString() {
        return "RosterPin[" + scope + " " + ownerId + " epoch " + epoch + "]";
    }
}
