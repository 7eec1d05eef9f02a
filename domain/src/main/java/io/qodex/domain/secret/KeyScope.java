package io.qodex.domain.secret;

/** Whose key ring a key belongs to: a project's or an organization's. Part of every wrap's HKDF info. */
public enum KeyScope {
    PROJECT,
    ORG
}
