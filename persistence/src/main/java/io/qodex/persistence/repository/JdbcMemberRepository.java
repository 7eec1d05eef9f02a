package io.qodex.persistence.repository;

import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.member.AddOutcome;
import io.qodex.domain.member.Member;
import io.qodex.domain.member.MemberRepository;
import io.qodex.domain.project.ProjectRole;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            try (PreparedStatement p = c.prepareStatement("select user_id, email, role, added_at, invited, waiting_for_key "
                    + "from project_member_list(?)")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    List<Member> members = new ArrayList<>();
                    while (rs.next()) {
                        long userId = rs.getLong(1);
                        members.add(new Member(rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(userId),
                                new Email(rs.getString(2)), ProjectRole.parse(rs.getString(3)),
                                rs.getTimestamp(4).toInstant(), rs.getBoolean(5), rs.getBoolean(6)));
                    }
                    return members;
                }
            }
        });
    }

    @Override
    public AddOutcome add(long projectId, Email email, ProjectRole role) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select add_member(?, ?, ?)")) {
                p.setLong(1, projectId);
                p.setString(2, email.value());
                p.setString(3, role.code());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return AddOutcome.valueOf(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
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
