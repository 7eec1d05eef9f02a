package io.qodex.domain.member;

/** What adding an address to a project did (F4). */
public enum AddOutcome {
    /** The address belongs to a verified user: they have access now. */
    ADDED,
    /** Nobody has verified this address yet: an invitation mail went out. */
    INVITED
}
