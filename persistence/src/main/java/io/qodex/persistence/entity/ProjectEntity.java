package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@code qodex.projects}. Created only through {@code create_project()}; Admins rename and archive. */
@Entity
@Table(name = "projects")
public class ProjectEntity {

    @Id
    private Long id;

    @Column(name = "org_id", nullable = false, updatable = false)
    private Long orgId;

    @Column(nullable = false, updatable = false)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Column(name = "key_version", nullable = false, updatable = false)
    private int keyVersion;

    @Column(name = "rotation_needed", nullable = false, updatable = false)
    private boolean rotationNeeded;

    @Column(name = "archived_at")
    private @Nullable Instant archivedAt;

    @Column(name = "created_by", updatable = false)
    private @Nullable Long createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Version
    @Column(nullable = false)
    private long version;

    protected ProjectEntity() {
    }

    public Long getId() {
        return id;
    }

    public Long getOrgId() {
        return orgId;
    }

    public String getSlug() {
        return slug;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getKeyVersion() {
        return keyVersion;
    }

    public boolean isRotationNeeded() {
        return rotationNeeded;
    }

    public @Nullable Instant getArchivedAt() {
        return archivedAt;
    }

    public void setArchivedAt(@Nullable Instant archivedAt) {
        this.archivedAt = archivedAt;
    }

    public long getVersion() {
        return version;
    }
}
