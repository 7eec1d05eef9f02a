package io.qodex.persistence.testing;

import io.qodex.persistence.ConnectionSettings;
import io.qodex.persistence.session.DataSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** One test class's database, with handles for each of our roles. */
public final class TestDatabase implements AutoCloseable {

    private final String name;
    private final String jdbcUrl;
    private final DataSource superuser;
    private final DataSource maintenance;

    TestDatabase(String name, String jdbcUrl, DataSource superuser, DataSource maintenance) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.superuser = superuser;
        this.maintenance = maintenance;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public ConnectionSettings settings() {
        return ConnectionSettings.of(jdbcUrl, TestPostgres.INSTALLATION, TestPostgres.CREDENTIALS.signupPassword());
    }

    public DataSource superuser() {
        return superuser;
    }

    public DataSource maintenance() {
        return maintenance;
    }

    /** The superuser on another database of the same server. */
    public DataSource superuserOn(String database) {
        return TestPostgres.superuserOn(database);
    }

    public DataSource owner() {
        return DataSources.simple(jdbcUrl, TestPostgres.INSTALLATION.ownerRole(), TestPostgres.CREDENTIALS.ownerPassword());
    }

    public DataSource mailer() {
        return DataSources.simple(jdbcUrl, TestPostgres.INSTALLATION.mailerRole(), TestPostgres.CREDENTIALS.mailerPassword());
    }

    public DataSource signup() {
        return DataSources.simple(jdbcUrl, TestPostgres.INSTALLATION.signupRole(), TestPostgres.CREDENTIALS.signupPassword());
    }

    public DataSource as(String role, String password) {
        return DataSources.simple(jdbcUrl, role, password);
    }

    void newInstallationId() throws SQLException {
        String id = UUID.randomUUID().toString().replaceAll("[^a-z]", "").concat("abcdef").substring(0, 6);
        try (Connection c = owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "update installation set install_id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    /** The newest mail to an address, as the relay would read it (tests only: clients never can). */
    public List<String> mailBodiesTo(String email) {
        try (Connection c = mailer().getConnection(); PreparedStatement p = c.prepareStatement(
                "select body from mail_outbox where to_email = ? order by id desc")) {
            p.setString(1, email);
            List<String> bodies = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
            }
            return bodies;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code in the newest mail to the address carrying a line "<label>: <code>". */
    public String codeFromMail(String email, String label) {
        for (String body : mailBodiesTo(email)) {
            if (body == null) {
                continue;
            }
            for (String line : body.split("\n")) {
                if (line.startsWith(label + ": ")) {
                    return line.substring(label.length() + 2).strip();
                }
            }
        }
        throw new IllegalStateException("No mail to " + email + " with a line \"" + label + ": ...\"");
    }

    @Override
    public void close() {
        try (Connection c = maintenance.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            // best effort: the server is thrown away at the end of the run anyway
        }
    }
}
