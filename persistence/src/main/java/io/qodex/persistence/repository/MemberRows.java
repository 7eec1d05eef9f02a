package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Deleting a membership; zero rows means row-level security did not allow it. */
final class MemberRows {

    private MemberRows() {
    }

    static void delete(Connection c, long projectId, long userId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("delete from project_members where project_id = ? and user_id = ?")) {
            p.setLong(1, projectId);
            p.setLong(2, userId);
            if (p.executeUpdate() == 0) {
                throw QodexException.notAllowed("Only an Admin of the project can remove members (anyone can leave).");
            }
        }
    }
}
