package io.qodex.persistence.repository;

import io.qodex.domain.account.Email;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.organization.OrgInvitation;
import io.qodex.domain.organization.OrgMember;
import io.qodex.domain.organization.OrganizationRepository;
import io.qodex.persistence.session.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Organizations: read and changed only through the SECURITY DEFINER functions of V14 (decision 0030). */
public final class JdbcOrganizationRepository implements OrganizationRepository {

    private final DataSource pool;

    public JdbcOrganizationRepository(DataSource pool) {
        this.pool = pool;
    }

    /** The caller's memberships on an open connection (also used when a session signs in). */
    public static List<OrgMembership> mine(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select org_id, slug, name, role from my_organizations()");
             ResultSet rs = p.executeQuery()) {
            List<OrgMembership> mine = new ArrayList<>();
            while (rs.next()) {
                mine.add(new OrgMembership(rs.getLong(1), rs.getString(2), rs.getString(3), role(rs.getString(4))));
            }
            return mine;
        }
    }

    @Override
    public List<OrgMembership> mine() {
        return Jdbc.inTransaction(pool, JdbcOrganizationRepository::mine);
    }

    @Override
    public long create(String name, String slug) {
        return Long.parseLong(one("select create_organization(?, ?)", name, slug));
    }

    @Override
    public void invite(long orgId, Email email, OrgRole role) {
        call("select org_invite(?, ?, ?)", orgId, email.value(), code(role));
    }

    @Override
    public List<OrgMember> members(long orgId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select email, org_role, invited, holds_key from org_member_list(?)")) {
                p.setLong(1, orgId);
                try (ResultSet rs = p.executeQuery()) {
                    List<OrgMember> members = new ArrayList<>();
                    while (rs.next()) {
                        members.add(new OrgMember(rs.getString(1), role(rs.getString(2)), rs.getBoolean(3),
                                rs.getBoolean(4)));
                    }
                    return members;
                }
            }
        });
    }

    @Override
    public String remove(long orgId, Email email) {
        return one("select org_remove_member(?, ?)", orgId, email.value());
    }

    @Override
    public void changeRole(long orgId, Email email, OrgRole role) {
        call("select org_set_role(?, ?, ?)", orgId, email.value(), code(role));
    }

    @Override
    public List<OrgInvitation> myInvitations() {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select org_id, slug, name, role, invited_by, invited_at from my_org_invitations()");
                 ResultSet rs = p.executeQuery()) {
                List<OrgInvitation> invitations = new ArrayList<>();
                while (rs.next()) {
                    invitations.add(new OrgInvitation(rs.getLong(1), rs.getString(2), rs.getString(3),
                            role(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
                return invitations;
            }
        });
    }

    @Override
    public OrgRole accept(long orgId) {
        return role(one("select accept_org_invitation(?)", orgId));
    }

    @Override
    public void decline(long orgId) {
        one("select decline_org_invitation(?)", orgId);
    }

    private void call(String sql, long orgId, String email, String role) {
        one(sql, orgId, email, role);
    }

    /** One function call in its own transaction; its (text) answer, or null. */
    private String one(String sql, Object... parameters) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    p.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private static OrgRole role(String code) {
        return OrgRole.valueOf(code.toUpperCase(Locale.ROOT));
    }

    private static String code(OrgRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
