package io.qodex.persistence.repository;

import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.SignedRoster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/** Appending a signed key roster through {@code append_key_roster} (which checks the role and the epoch). */
final class RosterRows {

    private RosterRows() {
    }

    static String scope(KeyScope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    static void append(Connection c, SignedRoster roster) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select append_key_roster(?, ?, ?, ?, ?)")) {
            p.setString(1, scope(roster.scope()));
            p.setLong(2, roster.ownerId());
            p.setInt(3, roster.epoch());
            p.setBytes(4, roster.body());
            p.setBytes(5, roster.signature());
            p.execute();
        }
    }
}
