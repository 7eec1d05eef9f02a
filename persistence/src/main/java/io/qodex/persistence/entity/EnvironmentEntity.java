package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * {@code qodex.environments}, as the editor writes it. {@code version} is the editor's optimistic lock; who changed it
 * last and when are stamped by a trigger (V4) and read in SQL, so they are not mapped (docs/decisions/0021).
 */
@Entity
@Table(name = "environments")
public class EnvironmentEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false, updatable = false)
    private Long projectId;

    @Column(nullable = false)
    private String name;

    @Column(name = "base_url", nullable = false)
    private String baseUrl;

    @Column(name = "api_base_url")
    private @Nullable String apiBaseUrl;

    @Column
    private @Nullable String preset;

    @Column
    private @Nullable String color;

    @Column
    private @Nullable String label;

    @Column(name = "production_like", nullable = false)
    private boolean productionLike;

    @Column(name = "read_only", nullable = false)
    private boolean readOnly;

    @Column(name = "max_requests_per_second", nullable = false)
    private int maxRequestsPerSecond;

    @Column(name = "allow_destructive_tests", nullable = false)
    private boolean allowDestructiveTests;

    @Column(name = "allow_security_testing", nullable = false)
    private boolean allowSecurityTesting;

    @Column(name = "sort_order", nullable = false)
    private int sortOrder;

    @Version
    @Column(nullable = false)
    private long version;

    protected EnvironmentEntity() {
    }

    public EnvironmentEntity(long projectId, int sortOrder) {
        this.projectId = projectId;
        this.sortOrder = sortOrder;
    }

    public Long getId() {
        return id;
    }

    public Long getProjectId() {
        return projectId;
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void setApiBaseUrl(@Nullable String apiBaseUrl) {
        this.apiBaseUrl = apiBaseUrl;
    }

    public void setPreset(@Nullable String preset) {
        this.preset = preset;
    }

    public void setColor(@Nullable String color) {
        this.color = color;
    }

    public void setLabel(@Nullable String label) {
        this.label = label;
    }

    public void setProductionLike(boolean productionLike) {
        this.productionLike = productionLike;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public void setMaxRequestsPerSecond(int maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public void setAllowDestructiveTests(boolean allowDestructiveTests) {
        this.allowDestructiveTests = allowDestructiveTests;
    }

    public void setAllowSecurityTesting(boolean allowSecurityTesting) {
        this.allowSecurityTesting = allowSecurityTesting;
    }

    public long getVersion() {
        return version;
    }
}
