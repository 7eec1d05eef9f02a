package io.qodex.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;

/**
 * {@code qodex.auth_profiles}: the columns the environment editor writes (F7: credentials, static token, HTTP login)
 * and those the UI-login recorder writes (F8: steps, captured session, logged-in check). The only writer of the
 * table besides key rotation's re-encryption (docs/decisions/0021). Updates name only the columns that changed, so an
 * editor's save never writes back a session it loaded before a replay stored a newer one.
 */
@Entity
@Table(name = "auth_profiles")
@DynamicUpdate
public class AuthProfileEntity {

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
    private @Nullable String email;

    @Column(name = "password_secret")
    private @Nullable String passwordSecret;

    @Column(name = "static_token_secret")
    private @Nullable String staticTokenSecret;

    @Column(name = "api_login_config")
    private @Nullable String apiLoginConfig;

    @Column(name = "ui_login_steps")
    private @Nullable String uiLoginSteps;

    @Column(name = "session_secret")
    private @Nullable String sessionSecret;

    @Column(name = "session_bearer_secret")
    private @Nullable String sessionBearerSecret;

    @Column(name = "session_captured_at")
    private @Nullable Instant sessionCapturedAt;

    @Column(name = "session_expires_at")
    private @Nullable Instant sessionExpiresAt;

    @Column(name = "logged_in_check")
    private @Nullable String loggedInCheck;

    protected AuthProfileEntity() {
    }

    public AuthProfileEntity(long id, long projectId, long environmentId) {
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

    public void setEmail(@Nullable String email) {
        this.email = email;
    }

    public void setPasswordSecret(@Nullable String passwordSecret) {
        this.passwordSecret = passwordSecret;
    }

    public void setStaticTokenSecret(@Nullable String staticTokenSecret) {
        this.staticTokenSecret = staticTokenSecret;
    }

    public void setApiLoginConfig(@Nullable String apiLoginConfig) {
        this.apiLoginConfig = apiLoginConfig;
    }

    public void setUiLoginSteps(String json) {
        this.uiLoginSteps = json;
    }

    /** The captured session: ciphertexts sealed for this row, when it was captured, when its first cookie expires. */
    public void setSession(String storageStateCiphertext, @Nullable String bearerCiphertext, Instant capturedAt,
                           @Nullable Instant expiresAt) {
        this.sessionSecret = storageStateCiphertext;
        this.sessionBearerSecret = bearerCiphertext;
        this.sessionCapturedAt = capturedAt;
        this.sessionExpiresAt = expiresAt;
    }

    public void setLoggedInCheck(@Nullable String check) {
        this.loggedInCheck = check;
    }
}
