package io.qodex.app.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts end to end: sign-up, the relay sends the code over real SMTP (GreenMail), verify, sign in; and every refusal. */
class AccountFlowIT {

    private static final Pattern CODE = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})");
    private static final Pattern RESET = Pattern.compile("Reset code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static TestDatabase db;
    private static Backend backend;

    @BeforeAll
    static void open() {
        db = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
        db.close();
    }

    private static Backend backend() {
        if (backend == null) {
            Map<String, String> environment = TestBackends.environment(db);
            environment.put("QODEX_SMTP_HOST", "127.0.0.1");
            environment.put("QODEX_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()));
            environment.put("QODEX_SMTP_STARTTLS", "false");
            backend = TestBackends.open(environment);
        }
        return backend;
    }

    private static String codeMailedTo(String email, Pattern pattern) throws Exception {
        assertThat(backend().relayMail()).isGreaterThanOrEqualTo(1);
        MimeMessage[] received = SMTP.getReceivedMessagesForDomain(email);
        for (int i = received.length - 1; i >= 0; i--) {
            Matcher matcher = pattern.matcher(GreenMailUtil.getBody(received[i]));
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no code mailed to " + email + " among " + Arrays.toString(received));
    }

    @Test
    void signUpRelayVerifySignIn() throws Exception {
        try (Secret password = Secret.copyOf("marble-octopus-73q")) {
            backend().accounts().signUp("Carol@Example.com", password);
        }
        String code = codeMailedTo("carol@example.com", CODE);
        assertThat(SMTP.getReceivedMessagesForDomain("carol@example.com")[0].getSubject()).isEqualTo("Verify your Qodex account");

        // until the address is verified the account's login may not even connect (the sign-up login is public)
        try (Secret password = Secret.copyOf("marble-octopus-73q")) {
            assertThatThrownBy(() -> backend().signIn("carol@example.com", password).close())
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.getMessage()).isEqualTo(
                            "This account's email address is not verified yet: enter the code from the verification "
                                    + "mail, or ask for a new one."));
        }
        try (Secret wrong = Secret.copyOf("marble-octopus-74q")) {
            assertThatThrownBy(() -> backend().signIn("carol@example.com", wrong).close())
                    .isInstanceOf(QodexException.class).hasMessage("Wrong email or password.");
        }
        backend().accounts().verify("carol@example.com", code, io.qodex.domain.common.Secret.copyOf("marble-octopus-73q"));
        try (Secret password = Secret.copyOf("marble-octopus-73q");
             Workspace carol = backend().signIn("carol@example.com", password)) {
            assertThat(carol.account().verified()).isTrue();
            assertThat(carol.account().email().value()).isEqualTo("carol@example.com");
        }
        // the relay dropped the body (it held the code) once the mail was out
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) from qodex.mail_outbox where body is not null and sent_at is not null")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        // the same code again: the one refusal that says nothing about the address
        assertThatThrownBy(() -> backend().accounts().verify("carol@example.com", code, io.qodex.domain.common.Secret.copyOf("marble-octopus-73q")))
                .isInstanceOf(QodexException.class).hasMessageContaining("This code is not valid");
    }

    @Test
    void wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        signUp("dave@example.com");
        assertRefused(() -> backend().signIn("dave@example.com", Secret.copyOf("not-the-password-99")),
                Problem.AUTHENTICATION, "Wrong email or password.");
        assertRefused(() -> backend().signIn("nobody@example.com", Secret.copyOf("not-the-password-99")),
                Problem.AUTHENTICATION, "Wrong email or password.");
    }

    @Test
    void aWrongReusedOrExpiredCodeIsRefused() throws Exception {
        signUp("erin@example.com");
        String code = codeMailedTo("erin@example.com", CODE);
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        String wrong = code.startsWith("0000") ? "1111-1111-1111" : "0000-0000-0000";
        assertRefused(() -> backend().accounts().verify("erin@example.com", wrong, io.qodex.domain.common.Secret.copyOf("marble-octopus-73q")), Problem.INVALID_INPUT,
                "This code is not valid");
        assertRefused(() -> backend().accounts().verify("erin@example.com", "12ab", io.qodex.domain.common.Secret.copyOf("marble-octopus-73q")), Problem.INVALID_INPUT,
                "The code is the 12 letters and digits from the mail (XXXX-XXXX-XXXX).");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update qodex.user_codes set expires_at = now() - interval '1 minute'");
        }
        assertRefused(() -> backend().accounts().verify("erin@example.com", code, io.qodex.domain.common.Secret.copyOf("marble-octopus-73q")), Problem.INVALID_INPUT,
                "This code is not valid");
        assertRefused(() -> backend().accounts().verify("erin@example.com", code, io.qodex.domain.common.Secret.copyOf("marble-octopus-73q")), Problem.INVALID_INPUT,
                "This code is not valid");
        // typed as people type: lower case, no hyphens, O for 0 and l for 1 all read the same
        signUp("erin2@example.com");
        String fresh = codeMailedTo("erin2@example.com", CODE);
        backend().accounts().verify("erin2@example.com", " " + fresh.replace("-", "").replace('0', 'O').replace('1', 'l')
                .toLowerCase() + " ", io.qodex.domain.common.Secret.copyOf("marble-octopus-73q"));
    }

    @Test
    void aDuplicateSignUpAnswersLikeANewOneAndMalformedOrWeakOnesAreRefused() throws Exception {
        signUp("frank@example.com");
        backend().accounts().verify("frank@example.com", codeMailedTo("frank@example.com", CODE), io.qodex.domain.common.Secret.copyOf("marble-octopus-73q"));
        // the same answer as for a new address (nothing tells a stranger the account exists); the owner gets a mail
        backend().accounts().signUp("FRANK@example.com", Secret.copyOf("another-good-pass-7"));
        backend().relayMail();
        MimeMessage[] mails = SMTP.getReceivedMessagesForDomain("frank@example.com");
        assertThat(GreenMailUtil.getBody(mails[mails.length - 1])).contains("has one already");
        assertRefused(() -> backend().signIn("frank@example.com", Secret.copyOf("another-good-pass-7")),
                Problem.AUTHENTICATION, "Wrong email or password."); // the first sign-up's password stays
        assertRefused(() -> backend().accounts().signUp("frank(at)example.com", Secret.copyOf("another-good-pass-7")),
                Problem.INVALID_INPUT, "is not a valid email address");
        assertRefused(() -> backend().accounts().signUp("grace@example.com", Secret.copyOf("password1234")),
                Problem.INVALID_INPUT, "The password is too weak");
        assertRefused(() -> backend().accounts().signUp("grace@example.com", Secret.copyOf("short")),
                Problem.INVALID_INPUT, "at least 12 characters");
    }

    @Test
    void changeAndResetPassword() throws Exception {
        signUp("heidi@example.com");
        backend().accounts().verify("heidi@example.com", codeMailedTo("heidi@example.com", CODE), io.qodex.domain.common.Secret.copyOf("marble-octopus-73q"));
        try (Workspace heidi = backend().signIn("heidi@example.com", Secret.copyOf("marble-octopus-73q"))) {
            backend().accounts().changePassword(heidi.user(), Secret.copyOf("second-walrus-song-8"));
            assertThat(heidi.projects().list()).isEmpty(); // new connections of the session use the new password
        }
        assertRefused(() -> backend().signIn("heidi@example.com", Secret.copyOf("marble-octopus-73q")),
                Problem.AUTHENTICATION, "Wrong email or password.");
        backend().signIn("heidi@example.com", Secret.copyOf("second-walrus-song-8")).close();

        backend().accounts().requestPasswordReset("heidi@example.com");
        String reset = codeMailedTo("heidi@example.com", RESET);
        backend().accounts().resetPassword("heidi@example.com", reset, Secret.copyOf("third-walrus-dance-9"));
        backend().signIn("heidi@example.com", Secret.copyOf("third-walrus-dance-9")).close();
        assertRefused(() -> backend().accounts().resetPassword("heidi@example.com", reset, Secret.copyOf("fourth-walrus-x-10")),
                Problem.INVALID_INPUT, "This code is not valid");
    }

    private static void signUp(String email) {
        try (Secret password = Secret.copyOf("marble-octopus-73q")) {
            backend().accounts().signUp(email, password);
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Problem problem,
                                      String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QodexException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
