package io.qodex.persistence.server;

/**
 * Passwords of the service logins of one installation. The owner's never leaves the machine that migrates; the
 * sign-up login's ships with the connection settings (it can do nothing else); the mailer's stays with the relay.
 */
public record ServiceCredentials(String ownerPassword, String signupPassword, String mailerPassword) {

    public static ServiceCredentials generate() {
        return new ServiceCredentials(Passwords.random(), Passwords.random(), Passwords.random());
    }

    @Override
    public String toString() {
        return "ServiceCredentials[****]";
    }
}
