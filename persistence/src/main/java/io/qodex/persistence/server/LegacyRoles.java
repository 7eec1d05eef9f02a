package io.qodex.persistence.server;

import io.qodex.domain.common.QodexException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases prepared before the service roles carried the installation id used {@code qodex_owner},
 * {@code qodex_user}, {@code qodex_signup} and {@code qodex_mailer}, shared by every such database on the server. Once,
 * as a superuser, they are renamed to the installation's names: ownership, grants, memberships and SCRAM passwords
 * follow a role across a rename, so every account and secret stays as it was and clients keep their passwords. If a
 * second database still uses the same roles, renaming would take them away from it: that is refused with the way out.
 */
final class LegacyRoles {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyRoles.class);

    private LegacyRoles() {
    }

    /** True if the database still belongs to the shared legacy owner role. */
    static boolean inUse(Connection c, String database) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select 1 from pg_database where datname = ? and pg_get_userbyid(datdba) = ?")) {
            p.setString(1, database);
            p.setString(2, Roles.LEGACY_OWNER);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void rename(Connection c, String database, Installation installation) throws SQLException {
        List<String> others = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "select datname from pg_database where pg_get_userbyid(datdba) = ? and datname <> ? order by 1")) {
            p.setString(1, Roles.LEGACY_OWNER);
            p.setString(2, database);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    others.add(rs.getString(1));
                }
            }
        }
        if (!others.isEmpty()) {
            throw QodexException.conflict("The database " + database + " shares its service roles (qodex_owner, "
                    + "qodex_user, qodex_signup, qodex_mailer) with " + String.join(", ", others) + ". Give each its own: "
                    + "dump the other database(s) with pg_dump, drop them, run qodex db init for " + database
                    + ", then restore each into a database prepared with its own qodex db init.");
        }
        Map<String, String> names = Map.of(
                Roles.LEGACY_OWNER, installation.ownerRole(),
                Roles.LEGACY_USER, installation.userRole(),
                Roles.LEGACY_SIGNUP, installation.signupRole(),
                Roles.LEGACY_MAILER, installation.mailerRole());
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, String> name : names.entrySet()) {
                if (ServerProvisioner.roleExists(c, name.getKey()) && !ServerProvisioner.roleExists(c, name.getValue())) {
                    s.execute("alter role " + name.getKey() + " rename to " + name.getValue());
                    LOG.info("Renamed the shared role {} to {}", name.getKey(), name.getValue());
                }
            }
        }
    }
}
