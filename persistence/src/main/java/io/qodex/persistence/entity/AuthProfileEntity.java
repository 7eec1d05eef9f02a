package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * {@code qodex.auth_profiles}, the columns of F7 (credentials, static token, HTTP login). The recorded UI login and
 * its captured session (F8) live in the same row and are not written here; {@code ui_login_steps} is read only to
 * tell whether one was recorded.
 */
@Entity
@Table(name = "auth_profiles")
public class AuthProfileEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false, updatable = false)
    private Long projectId;

    @Column(name = "environment_id", nullable = false, updatable = false)
    private Long environmentId;

    @Column(nullable = false)
    private String name;

    @Column
    private @Nullable String email;

    @Column(name = "password_secret")
    private @Nullable String passwordSecret;

    @Column(name = "static_token_secret")
    private @Nullable String staticTokenSecret;

    @Column(name = "api_login_config")
    private @Nullable String apiLoginConfig;

    @Column(name = "ui_login_steps", insertable = false, updatable = false)
    private @Nullable String uiLoginSteps;

    protected AuthProfileEntity() {
    }

    public AuthProfileEntity(long projectId, long environmentId) {
        this.projectId = projectId;
        this.environmentId = environmentId;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public @Nullable String getEmail() {
        return email;
    }

    public void setEmail(@Nullable String email) {
        this.email = email;
    }

    public @Nullable String getPasswordSecret() {
        return passwordSecret;
    }

    public void setPasswordSecret(@Nullable String passwordSecret) {
        this.passwordSecret = passwordSecret;
    }

    public @Nullable String getStaticTokenSecret() {
        return staticTokenSecret;
    }

    public void setStaticTokenSecret(@Nullable String staticTokenSecret) {
        this.staticTokenSecret = staticTokenSecret;
    }

    public @Nullable String getApiLoginConfig() {
        return apiLoginConfig;
    }

    public void setApiLoginConfig(@Nullable String apiLoginConfig) {
        this.apiLoginConfig = apiLoginConfig;
    }

    public boolean hasUiLoginSteps() {
        return uiLoginSteps != null && !uiLoginSteps.isBlank();
    }
}
