package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code qodex.environments}. {@code version} is the editor's optimistic lock; who changed it last and when are
 * stamped by a trigger (V4), so they are read-only here.
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

    @Column(name = "updated_by", insertable = false, updatable = false)
    private @Nullable Long updatedBy;

    @Column(name = "updated_at", insertable = false, updatable = false)
    private Instant updatedAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

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

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public @Nullable String getApiBaseUrl() {
        return apiBaseUrl;
    }

    public void setApiBaseUrl(@Nullable String apiBaseUrl) {
        this.apiBaseUrl = apiBaseUrl;
    }

    public @Nullable String getPreset() {
        return preset;
    }

    public void setPreset(@Nullable String preset) {
        this.preset = preset;
    }

    public @Nullable String getColor() {
        return color;
    }

    public void setColor(@Nullable String color) {
        this.color = color;
    }

    public @Nullable String getLabel() {
        return label;
    }

    public void setLabel(@Nullable String label) {
        this.label = label;
    }

    public boolean isProductionLike() {
        return productionLike;
    }

    public void setProductionLike(boolean productionLike) {
        this.productionLike = productionLike;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public int getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public void setMaxRequestsPerSecond(int maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public boolean isAllowDestructiveTests() {
        return allowDestructiveTests;
    }

    public void setAllowDestructiveTests(boolean allowDestructiveTests) {
        this.allowDestructiveTests = allowDestructiveTests;
    }

    public boolean isAllowSecurityTesting() {
        return allowSecurityTesting;
    }

    public void setAllowSecurityTesting(boolean allowSecurityTesting) {
        this.allowSecurityTesting = allowSecurityTesting;
    }

    public int getSortOrder() {
        return sortOrder;
    }

    public long getVersion() {
        return version;
    }

    public @Nullable Long getUpdatedBy() {
        return updatedBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
