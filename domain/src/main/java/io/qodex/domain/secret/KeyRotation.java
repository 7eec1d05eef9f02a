package io.qodex.domain.secret;

import java.util.List;

/** The client-side half of a project key rotation, called inside the rotation's database transaction. */
public interface KeyRotation {

    /** Wraps the new key version for everyone who must hold it (as found inside the transaction). */
    List<KeyWrap> wrapsFor(int newVersion, List<KeyRecipient> recipients);

    /** Decrypts a stored value with its old key and encrypts it under the new version, same place. */
    StoredSecret reencrypt(StoredSecret stored, int newVersion);
}
