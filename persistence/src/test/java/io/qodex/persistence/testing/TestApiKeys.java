package io.qodex.persistence.testing;

import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.persistence.session.PgPasswordVerifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/** API keys minted at the database, the way the client mints them (decision 0029). */
public final class TestApiKeys {

    private TestApiKeys() {
    }

    /** Mints a key as {@code as} through create_api_key ({@code scopes}: comma-separated), valid 30 days. */
    public static ApiKeyText mint(DataSource as, long project, String name, String scopes) throws SQLException {
        ApiKeyText.Fresh fresh = ApiKeyText.Fresh.generate();
        try (Connection c = as.getConnection(); PreparedStatement p = c.prepareStatement(
                "select create_api_key(?, ?, ?, string_to_array(?, ','), ?, ?, ?)")) {
            p.setLong(1, project);
            p.setString(2, name);
            p.setString(3, fresh.id());
            p.setString(4, scopes);
            p.setTimestamp(5, Timestamp.from(Instant.now().plus(30, ChronoUnit.DAYS)));
            p.setString(6, new PgPasswordVerifiers().scramSha256(fresh.secret()));
            p.setBytes(7, TestAccounts.bytes(32));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return ApiKeyText.of(rs.getString(1), fresh.secret());
            }
        }
    }
}
