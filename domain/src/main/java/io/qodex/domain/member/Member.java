package io.qodex.domain.member;

import io.qodex.domain.account.Email;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.Fingerprint;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A project member, or an invitation not yet accepted (no user id), with where they stand with the project key and
 * their key fingerprint (as the database lists it: an Admin compares it with what the person reads from their own
 * account before confirming them).
 */
public record Member(OptionalLong userId, Email email, ProjectRole role, Instant since, KeyState keyState,
                     Optional<Fingerprint> fingerprint) {

    /** Where a member stands with the project key. */
    public enum KeyState {
        /** Invited; not a member until they accept (or verify the address at sign-up). */
        INVITED("invited"),
        /** Holds the key. */
        ACTIVE("active"),
        /** Viewers hold no key. */
        NO_KEY("active"),
        /** An Admin must compare their fingerprint and confirm them. */
        WAITING_FOR_CONFIRMATION("waiting for confirmation"),
        /** Their keys differ from the ones an Admin confirmed (a reset password, or a substituted key). */
        KEY_CHANGED("key changed: confirm again"),
        /** A promotion to Admin waits for an Admin's confirmation. */
        ROLE_CHANGE_WAITING("waiting for confirmation (Admin)"),
        /** They have not signed in since their account needed a signing key. */
        WAITING_FOR_SIGN_IN("waiting for their next sign-in"),
        /** Confirmed, but the current key is not wrapped for them (an Admin's next rotation or confirmation does it). */
        WAITING_FOR_KEY("waiting for key");

        private final String label;

        KeyState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean invited() {
        return keyState == KeyState.INVITED;
    }

    /** An Admin can act: compare the fingerprint and confirm. */
    public boolean awaitsConfirmation() {
        return keyState == KeyState.WAITING_FOR_CONFIRMATION || keyState == KeyState.KEY_CHANGED
                || keyState == KeyState.ROLE_CHANGE_WAITING;
    }

    /** Should hold the key and does not (yet). */
    public boolean waitingForKey() {
        return !invited() && keyState != KeyState.ACTIVE && keyState != KeyState.NO_KEY;
    }

    public String state() {
        return keyState.label();
    }

    public Member withKeyState(KeyState state) {
        return new Member(userId, email, role, since, state, fingerprint);
    }
}
