package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code qodex.projects}, the columns Admins change under the version: name and archived. Projects are created by
 * {@code create_project()} and read in SQL; their key columns belong to the key functions (docs/decisions/0021).
 */
@Entity
@Table(name = "projects")
public class ProjectEntity {

    @Id
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "archived_at")
    private @Nullable Instant archivedAt;

    @Version
    @Column(nullable = false)
    private long version;

    protected ProjectEntity() {
    }

    public Long getId() {
        return id;
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setArchivedAt(@Nullable Instant archivedAt) {
        this.archivedAt = archivedAt;
    }

    public long getVersion() {
        return version;
    }
}
