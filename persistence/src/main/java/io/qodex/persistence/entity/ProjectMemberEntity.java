package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@code qodex.project_members}. Added through {@code add_member()}; Admins change roles and remove. */
@Entity
@Table(name = "project_members")
@IdClass(ProjectMemberEntity.Key.class)
public class ProjectMemberEntity {

    @Id
    @Column(name = "project_id")
    private Long projectId;

    @Id
    @Column(name = "user_id")
    private Long userId;

    @Column(nullable = false)
    private String role;

    @Column(name = "added_by", updatable = false)
    private @Nullable Long addedBy;

    @Column(name = "added_at", nullable = false, updatable = false)
    private Instant addedAt;

    protected ProjectMemberEntity() {
    }

    public Long getProjectId() {
        return projectId;
    }

    public Long getUserId() {
        return userId;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public Instant getAddedAt() {
        return addedAt;
    }

    /** Composite key (project_id, user_id). */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private Long projectId;
        private Long userId;

        public Key() {
        }

        public Key(Long projectId, Long userId) {
            this.projectId = projectId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Objects.equals(projectId, that.projectId)
                    && Objects.equals(userId, that.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectId, userId);
        }
    }
}
