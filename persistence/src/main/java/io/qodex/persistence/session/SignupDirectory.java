package io.qodex.persistence.session;

import io.qodex.domain.session.AccountDirectory;
import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.UserKeyMaterial;
import io.qodex.persistence.ConnectionSettings;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;

/** The account functions, called as the low-privilege sign-up login (docs/security.md, "Accounts"). */
public final class SignupDirectory implements AccountDirectory {

    private final DataSource signup;

    public SignupDirectory(ConnectionSettings settings) {
        this.signup = DataSources.simple(settings, settings.signupRole(), settings.signupPassword());
    }

    @Override
    public String loginParameters(Email email) {
        return call("select login_parameters(?)", email.value());
    }

    @Override
    public void signUp(Email email, String scramVerifier, UserKeyMaterial keys) {
        Jdbc.inTransaction(signup, c -> {
            try (PreparedStatement p = c.prepareStatement("select sign_up(?, ?, ?, ?, ?, ?)")) {
                p.setString(1, email.value());
                p.setString(2, scramVerifier);
                p.setBytes(3, keys.publicKey());
                p.setBytes(4, keys.signingPublicKey().orElseThrow());
                p.setBytes(5, keys.sealedPrivateKey());
                p.setString(6, keys.kdfParams());
                p.execute();
            }
            return null;
        });
    }

    @Override
    public void resendVerification(Email email) {
        call("select resend_verification(?)", email.value());
    }

    @Override
    public void verifyAs(Email email, String code, String scramVerifier, UserKeyMaterial keys) {
        refuseIfSaid(withCredentials("select verify_email_as(?, ?, ?, ?, ?, ?, ?)", email, code, scramVerifier, keys));
    }

    @Override
    public void requestPasswordReset(Email email) {
        call("select request_password_reset(?)", email.value());
    }

    @Override
    public void resetPassword(Email email, String code, String scramVerifier, UserKeyMaterial keys) {
        refuseIfSaid(withCredentials("select reset_password(?, ?, ?, ?, ?, ?, ?)", email, code, scramVerifier, keys));
    }

    /** Calls a code function that also sets new credentials; returns its refusal, or null. */
    private String withCredentials(String sql, Email email, String code, String scramVerifier, UserKeyMaterial keys) {
        return Jdbc.inTransaction(signup, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, email.value());
                p.setString(2, code);
                p.setString(3, scramVerifier);
                p.setBytes(4, keys.publicKey());
                p.setBytes(5, keys.signingPublicKey().orElseThrow());
                p.setBytes(6, keys.sealedPrivateKey());
                p.setString(7, keys.kdfParams());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** The login role of an address in this installation (no lookup of the user: computed from the email). */
    public String roleNameFor(Email email) {
        return Jdbc.inTransaction(signup, c -> {
            try (PreparedStatement p = c.prepareStatement("select role_name_for(?)")) {
                p.setString(1, email.value());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** The database's installation id (its users' role names and local files are keyed by it). */
    public String installationId() {
        return call("select installation_id()");
    }

    /** Checks the settings by signing in as the sign-up login; returns the server version. */
    public String serverVersion() {
        return Jdbc.inTransaction(signup, c -> c.getMetaData().getDatabaseProductVersion());
    }

    /** Calls a function and returns its (text) result, or null. */
    private String call(String sql, String... arguments) {
        return Jdbc.inTransaction(signup, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < arguments.length; i++) {
                    p.setString(i + 1, arguments[i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The code functions return why they refused (so their bookkeeping commits); raise that here. */
    private static void refuseIfSaid(String refusal) {
        if (refusal != null) {
            throw QodexException.invalid("code", refusal);
        }
    }
}
