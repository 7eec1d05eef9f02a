package io.qodex.domain.secret;

/** What a rotation does to each stored secret of the project, inside the rotation's transaction. */
public interface KeyRotation {

    StoredSecret reencrypt(StoredSecret stored, int newVersion);
}
