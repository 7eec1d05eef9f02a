package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;

/**
 * {@code qodex.environment_variables}: a plain value, or project-key ciphertext in {@code secret_value}. Updates
 * name only the columns that changed (a renamed variable does not rewrite its ciphertext; docs/decisions/0021).
 */
@Entity
@Table(name = "environment_variables")
@DynamicUpdate
public class EnvironmentVariableEntity {

    /** Allocated before the row's secrets are sealed (V8), so assigned here, never generated. */
    @Id
    private Long id;

    @Column(name = "project_id", nullable = false, updatable = false)
    private Long projectId;

    @Column(name = "environment_id", nullable = false, updatable = false)
    private Long environmentId;

    @Column(nullable = false)
    private String name;

    @Column
    private @Nullable String value;

    @Column(name = "secret_value")
    private @Nullable String secretValue;

    @Column(name = "is_secret", nullable = false)
    private boolean secret;

    protected EnvironmentVariableEntity() {
    }

    public EnvironmentVariableEntity(long id, long projectId, long environmentId) {
        this.id = id;
        this.projectId = projectId;
        this.environmentId = environmentId;
    }

    public Long getId() {
        return id;
    }

    public void setName(String name) {
        this.name = name;
    }

    public @Nullable String getSecretValue() {
        return secretValue;
    }

    /** A plain variable: the value, no ciphertext. */
    public void makePlain(String plainValue) {
        this.secret = false;
        this.value = plainValue;
        this.secretValue = null;
    }

    /** A secret variable: ciphertext (null while no value is set), no plain value. */
    public void makeSecret(@Nullable String ciphertext) {
        this.secret = true;
        this.value = null;
        this.secretValue = ciphertext;
    }
}
