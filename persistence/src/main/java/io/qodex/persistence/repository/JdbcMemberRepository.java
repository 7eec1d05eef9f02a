package io.qodex.persistence.repository;

import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.member.Invitation;
import io.qodex.domain.member.Member;
import io.qodex.domain.member.MemberRepository;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.Fingerprint;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Memberships: listed and added through SECURITY DEFINER functions, changed through row-level security. */
public final class JdbcMemberRepository implements MemberRepository {

    private final DataSource pool;

    public JdbcMemberRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<Member> list(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select user_id, email, role, added_at, invited, holds_key, "
                    + "public_key, signing_public_key from project_member_list(?)")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    List<Member> members = new ArrayList<>();
                    while (rs.next()) {
                        long userId = rs.getLong(1);
                        boolean isUser = !rs.wasNull();
                        Email email = new Email(rs.getString(2));
                        ProjectRole role = ProjectRole.parse(rs.getString(3));
                        byte[] publicKey = rs.getBytes(7);
                        byte[] signingKey = rs.getBytes(8);
                        Member.KeyState state = rs.getBoolean(5) ? Member.KeyState.INVITED
                                : !role.holdsProjectKey() ? Member.KeyState.NO_KEY
                                : rs.getBoolean(6) ? Member.KeyState.ACTIVE : Member.KeyState.WAITING_FOR_KEY;
                        members.add(new Member(isUser ? OptionalLong.of(userId) : OptionalLong.empty(), email, role,
                                rs.getTimestamp(4).toInstant(), state,
                                publicKey == null || signingKey == null ? Optional.empty()
                                        : Optional.of(Fingerprint.of(email.value(), publicKey, signingKey))));
                    }
                    return members;
                }
            }
        });
    }

    @Override
    public void invite(long projectId, Email email, ProjectRole role) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select add_member(?, ?, ?)")) {
                p.setLong(1, projectId);
                p.setString(2, email.value());
                p.setString(3, role.code());
                p.execute();
            }
            return null;
        });
    }

    @Override
    public List<Invitation> myInvitations() {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select project_id, slug, name, role, invited_by, invited_at "
                    + "from my_invitations()"); ResultSet rs = p.executeQuery()) {
                List<Invitation> invitations = new ArrayList<>();
                while (rs.next()) {
                    invitations.add(new Invitation(rs.getLong(1), rs.getString(2), rs.getString(3),
                            ProjectRole.parse(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
                return invitations;
            }
        });
    }

    @Override
    public ProjectRole accept(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select accept_invitation(?)")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return ProjectRole.parse(rs.getString(1));
                }
            }
        });
    }

    @Override
    public void decline(long projectId) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select decline_invitation(?)")) {
                p.setLong(1, projectId);
                p.execute();
            }
            return null;
        });
    }

    @Override
    public void changeRole(long projectId, long userId, ProjectRole role) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "update project_members set role = ? where project_id = ? and user_id = ?")) {
                p.setString(1, role.code());
                p.setLong(2, projectId);
                p.setLong(3, userId);
                if (p.executeUpdate() == 0) {
                    throw QodexException.notAllowed("Only an Admin of the project can change roles.");
                }
            }
            return null;
        });
    }

    @Override
    public void remove(long projectId, long userId) {
        Jdbc.inTransaction(pool, c -> {
            MemberRows.delete(c, projectId, userId);
            return null;
        });
    }

    @Override
    public void cancelInvitation(long projectId, Email email) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "delete from project_invitations where project_id = ? and email = ?")) {
                p.setLong(1, projectId);
                p.setString(2, email.value());
                if (p.executeUpdate() == 0) {
                    throw QodexException.notAllowed("Only an Admin of the project can cancel invitations.");
                }
            }
            return null;
        });
    }
}
