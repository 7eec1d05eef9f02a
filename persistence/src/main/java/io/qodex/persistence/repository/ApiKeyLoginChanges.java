package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginProfileChanges;
import io.qodex.domain.login.LoginProfileRepository.SessionRow;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import javax.sql.DataSource;

/**
 * What a CI job with a {@code sessions} key writes of a UI login: the session it captured by replaying (ciphertext
 * under the project key; the database stamps the time). Steps and the logged-in check are the operators' to change.
 */
public final class ApiKeyLoginChanges implements LoginProfileChanges {

    private final DataSource keyConnection;

    public ApiKeyLoginChanges(DataSource keyConnection) {
        this.keyConnection = keyConnection;
    }

    @Override
    public void saveSession(long profileId, SessionRow session) {
        Jdbc.inTransaction(keyConnection, c -> {
            try (PreparedStatement p = c.prepareStatement("select ci_save_session(?, ?, ?, ?)")) {
                p.setLong(1, profileId);
                p.setString(2, session.storageStateCiphertext());
                p.setString(3, session.bearerCiphertext().orElse(null));
                p.setTimestamp(4, session.expiresAt().map(Timestamp::from).orElse(null));
                p.execute();
            }
            return null;
        });
    }

    @Override
    public void setSteps(long profileId, String json) {
        throw QodexException.notAllowed("An API key cannot change a recorded login: record it in Qodex Operator.");
    }

    @Override
    public void setLoggedInCheck(long profileId, String check) {
        throw QodexException.notAllowed("An API key cannot change the logged-in check: set it in Qodex Operator.");
    }
}
