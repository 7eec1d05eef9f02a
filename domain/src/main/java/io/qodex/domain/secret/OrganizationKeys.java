package io.qodex.domain.secret;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who holds the organization's key (under which the platform-funded LLM key is encrypted): organization admins
 * confirm each member explicitly, after comparing their fingerprint, as Admins do for a project.
 */
public final class OrganizationKeys {

    private final Account account;
    private final KeyRingRepository repository;
    private final KeyRing keyRing;

    public OrganizationKeys(Account account, KeyRingRepository repository, KeyRing keyRing) {
        this.account = account;
        this.repository = repository;
        this.keyRing = keyRing;
    }

    private long orgId() {
        return account.orgId();
    }

    public List<KeyRing.Waiting> waiting() {
        return repository.currentVersion(KeyScope.ORG, orgId()) == 0 ? List.of()
                : keyRing.waiting(KeyScope.ORG, orgId());
    }

    public List<KeyRoster.Member> holders() {
        return keyRing.roster(KeyScope.ORG, orgId()).map(v -> v.roster().members()).orElse(List.of());
    }

    /** Confirms a member for the organization key; with {@code expected}, only if their fingerprint reads so. */
    public Fingerprint confirm(String email, Optional<String> expected) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        KeyRing.Waiting waiting = waiting().stream().filter(w -> w.candidate().email().equals(address)).findFirst()
                .orElseThrow(() -> QodexException.notFound(address + " is not a verified member of the organization "
                        + "waiting for its key."));
        Fingerprint fingerprint = waiting.fingerprint().orElseThrow(() -> QodexException.invalid(address
                + " has not signed in since their account got a signing key: ask them to sign in once, then confirm."));
        if (expected.isPresent() && !fingerprint.matches(expected.get())) {
            throw QodexException.integrity("The fingerprint of " + address + "'s key is \"" + fingerprint
                    + "\", not the one given: not confirmed.");
        }
        return keyRing.confirm(KeyScope.ORG, orgId(), java.util.Map.of(waiting.candidate().userId(), fingerprint)).get(0);
    }
}
