package io.qodex.persistence.security;

import static io.qodex.persistence.testing.SqlRefusals.INVALID_INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** V5: the sniffed bearer token of a UI login is stored only as project-key ciphertext, like the session itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginSessionSecretIT {

    private TestDatabase db;
    private long profileId;

    @BeforeAll
    void setUp() throws SQLException {
        db = TestPostgres.freshDatabase();
        DataSource alice = db.as(TestAccounts.verifiedUser(db, "alice@example.test"), TestAccounts.PASSWORD);
        long projectId;
        try (Connection c = alice.getConnection(); PreparedStatement p = c.prepareStatement(
                "select create_project((allocate_ids('projects', 1))[1], ?, ?, "
                        + "(select min(org_id) from my_organizations()))")) {
            p.setString(1, "Alpha");
            p.setString(2, "alpha");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                projectId = rs.getLong(1);
            }
        }
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("set search_path = qodex");
            s.execute("insert into environments (project_id, name, base_url) values (" + projectId + ", 'staging', "
                    + "'https://staging.example')");
            try (ResultSet rs = s.executeQuery("insert into auth_profiles (project_id, environment_id, name) select "
                    + projectId + ", id, 'admin' from environments where project_id = " + projectId + " returning id")) {
                rs.next();
                profileId = rs.getLong(1);
            }
        }
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    @Test
    void aPlaintextBearerTokenIsRefused() {
        assertThatThrownBy(() -> update("session_bearer_secret", "eyJhbGciOiJIUzI1NiJ9.payload.sig"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INVALID_INPUT))
                .hasMessageContaining("Secrets are stored only as project-key ciphertext (auth_profiles.session_bearer_secret)");
        assertThatThrownBy(() -> update("session_secret", "{\"cookies\":[]}"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INVALID_INPUT))
                .hasMessageContaining("auth_profiles.session_secret");
    }

    @Test
    void ciphertextUnderTheCurrentKeyIsStored() throws SQLException {
        update("session_bearer_secret", "v1.1.QUJDREVGRw==");

        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select session_bearer_secret from qodex.auth_profiles where id = " + profileId)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("v1.1.QUJDREVGRw==");
        }
    }

    private void update(String column, String value) throws SQLException {
        try (Connection c = db.owner().getConnection();
             PreparedStatement p = c.prepareStatement("update qodex.auth_profiles set " + column + " = ? where id = ?")) {
            p.setString(1, value);
            p.setLong(2, profileId);
            p.executeUpdate();
        }
    }
}
