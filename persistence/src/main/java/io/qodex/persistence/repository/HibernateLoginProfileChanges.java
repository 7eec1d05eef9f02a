package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginProfileChanges;
import io.qodex.domain.login.LoginProfileRepository.SessionRow;
import io.qodex.persistence.entity.AuthProfileEntity;
import io.qodex.persistence.session.TenantTransactions;
import jakarta.persistence.OptimisticLockException;
import java.util.function.Consumer;
import org.hibernate.StaleStateException;

/**
 * The UI-login columns of an auth profile, written through the same Hibernate entity as the rest of the row, as the
 * signed-in user (row-level security: Members and Admins). Reading them is {@link JdbcLoginProfileRepository}
 * (docs/decisions/0021).
 */
public final class HibernateLoginProfileChanges implements LoginProfileChanges {

    private final TenantTransactions tx;

    public HibernateLoginProfileChanges(TenantTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void setSteps(long profileId, String json) {
        change(profileId, profile -> profile.setUiLoginSteps(json));
    }

    @Override
    public void saveSession(long profileId, SessionRow session) {
        change(profileId, profile -> profile.setSession(session.storageStateCiphertext(),
                session.bearerCiphertext().orElse(null), session.capturedAt(), session.expiresAt().orElse(null)));
    }

    @Override
    public void setLoggedInCheck(long profileId, String check) {
        change(profileId, profile -> profile.setLoggedInCheck(check.isBlank() ? null : check));
    }

    private void change(long profileId, Consumer<AuthProfileEntity> change) {
        try {
            tx.run(session -> {
                AuthProfileEntity profile = session.find(AuthProfileEntity.class, profileId);
                if (profile == null) {
                    throw QodexException.notFound("This auth profile no longer exists.");
                }
                change.accept(profile);
                session.flush();
                return null;
            });
        } catch (QodexException e) {
            if (e.getCause() instanceof OptimisticLockException || e.getCause() instanceof StaleStateException) {
                // Zero rows updated: row-level security lets this user read the profile but not change it.
                throw QodexException.notAllowed("Your role does not allow changing this auth profile (Viewers read "
                        + "only).");
            }
            throw e;
        }
    }
}
