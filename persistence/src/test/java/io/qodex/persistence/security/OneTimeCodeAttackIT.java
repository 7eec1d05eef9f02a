package io.qodex.persistence.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.account.Email;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.persistence.session.PgPasswordVerifiers;
import io.qodex.persistence.session.SignupDirectory;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docs/security.md, "One-time codes": the attacker holds the sign-up login (its password ships with every desktop) and
 * guesses codes in a loop, each guess in a subtransaction it rolls back so that no counter ever moves. That must not
 * matter: codes carry 60 bits, are single use and short lived, and the pause between mails survives a code's deletion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneTimeCodeAttackIT {

    private static final String CODE = "[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}";

    private TestDatabase db;
    private SignupDirectory directory;

    @BeforeAll
    void setUp() {
        db = TestPostgres.freshDatabase();
        directory = new SignupDirectory(db.settings());
    }

    @AfterAll
    void tearDown() {
        db.close();
    }

    @Test
    void codesCarrySixtyBitsAndNeverRepeat() throws SQLException {
        Set<String> codes = new HashSet<>();
        int[][] seen = new int[12][32];
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select qodex.new_code() from generate_series(1, 20000)")) {
            while (rs.next()) {
                String code = rs.getString(1);
                assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{12}");
                codes.add(code);
                for (int i = 0; i < 12; i++) {
                    seen[i][alphabet.indexOf(code.charAt(i))]++;
                }
            }
        }
        assertThat(codes).hasSize(20_000);
        for (int[] position : seen) {
            for (int count : position) { // 625 expected per symbol and position; a biased generator shows here
                assertThat(count).isBetween(450, 800);
            }
        }
    }

    @Test
    void twentyThousandGuessesInRolledBackSubtransactionsFindNothingAndTheRealCodeStillWorks() throws Exception {
        TestAccounts.unverifiedUser(db, "victim@example.test");
        String mailed = db.codeFromMail("victim@example.test", "Verification code");
        assertThat(mailed).matches(CODE);
        // The attack as a script for psql, run as the sign-up login: every guess inside an exception block, which
        // PostgreSQL runs as a subtransaction and rolls back, attempt counter included.
        String script = """
                do $$
                declare
                    hits integer := 0;
                begin
                    for i in 1 .. 20000 loop
                        begin
                            if qodex.verify_email('victim@example.test', upper(substr(md5(i::text), 1, 12))) is null then
                                hits := hits + 1;
                            end if;
                            raise exception 'undo' using errcode = 'P0001';
                        exception when raise_exception then
                            null;
                        end;
                    end loop;
                    raise notice 'hits=%', hits;
                end
                $$;
                """;
        PsqlRun run = psql(db.settings().signupRole(), io.qodex.persistence.testing.TestPostgres.CREDENTIALS.signupPassword(),
                script);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("hits=0");
        TestAccounts.verify(db, "victim@example.test", mailed.replace("-", "").toLowerCase());
        assertThat(single("select verified_at is not null from qodex.users where email = 'victim@example.test'")).isEqualTo("t");
        // single use: the same code again is refused with the one answer that says nothing
        assertThatThrownBy(() -> TestAccounts.verify(db, "victim@example.test", mailed))
                .isInstanceOf(QodexException.class).hasMessageContaining("not valid");
    }

    @Test
    void wrongCodesWriteNothingAndAUsedCodeDoesNotReopenTheMailPause() throws Exception {
        TestAccounts.verifiedUser(db, "owner@example.test");
        directory.requestPasswordReset(new Email("owner@example.test"));
        String mailed = db.codeFromMail("owner@example.test", "Reset code");
        int mails = db.mailBodiesTo("owner@example.test").size();
        String codesBefore = single("select string_agg(c.id || ':' || c.attempts, ',') from qodex.user_codes c "
                + "join qodex.users u on u.id = c.user_id where u.email = 'owner@example.test' and c.purpose = 'reset'");
        for (int i = 0; i < 5; i++) {
            assertThat(resetAsSignupLogin("owner@example.test", "AAAA-AAAA-AAA" + i)).contains("not valid");
        }
        assertThat(single("select string_agg(c.id || ':' || c.attempts, ',') from qodex.user_codes c "
                + "join qodex.users u on u.id = c.user_id where u.email = 'owner@example.test' and c.purpose = 'reset'"))
                .as("nobody can burn another's code with wrong guesses").isEqualTo(codesBefore);
        assertThat(resetAsSignupLogin("owner@example.test", mailed)).isNull();
        assertThat(resetAsSignupLogin("owner@example.test", mailed)).as("single use").contains("not valid");
        directory.requestPasswordReset(new Email("owner@example.test")); // at once: the pause survived the deletion
        assertThat(db.mailBodiesTo("owner@example.test")).hasSize(mails);
    }

    /**
     * The sign-up login is public and a session may lift its own timeouts, so what it holds open must delay no one: a
     * sign-up for an existing address, wrong guesses, resends and reset requests for the victims, all in one
     * transaction kept open; the victims still verify, reset and ask for mail at once, and others sign up (a wait
     * would end in the functions' 5 s lock timeout). (A new account's own sign-up held open is the one exception:
     * PostgreSQL locks the users' group role while it grants it; docs/security.md, "Denial of service".)
     */
    @Test
    void aTransactionHeldOpenByTheSignUpLoginDelaysNobody() throws Exception {
        TestAccounts.unverifiedUser(db, "newcomer@example.test");
        String verification = db.codeFromMail("newcomer@example.test", "Verification code");
        TestAccounts.verifiedUser(db, "forgetful@example.test");
        directory.requestPasswordReset(new Email("forgetful@example.test"));
        String reset = db.codeFromMail("forgetful@example.test", "Reset code");
        String scram = "'SCRAM-SHA-256$4096:c2FsdA==$Y2xpZW50:c2VydmVy'";
        String keys = "decode(repeat('01', 32), 'hex'), decode(repeat('02', 32), 'hex'), decode(repeat('03', 92), 'hex'), '"
                + TestAccounts.fakeKeys().kdfParams() + "'";
        try (Connection held = db.signup().getConnection(); Statement s = held.createStatement()) {
            s.execute("set idle_in_transaction_session_timeout = 0");
            s.execute("set statement_timeout = 0");
            held.setAutoCommit(false);
            for (String victim : List.of("newcomer@example.test", "forgetful@example.test")) {
                s.execute("select qodex.sign_up('" + victim + "', " + scram + ", " + keys + ")");
                s.execute("select qodex.verify_email('" + victim + "', 'AAAA-AAAA-AAAA')");
                s.execute("select qodex.reset_password('" + victim + "', 'AAAA-AAAA-AAAA', " + scram + ", " + keys + ")");
                s.execute("select qodex.resend_verification('" + victim + "')");
                s.execute("select qodex.request_password_reset('" + victim + "')");
            }

            TestAccounts.verify(db, "newcomer@example.test", verification);
            assertThat(resetAsSignupLogin("forgetful@example.test", reset)).isNull();
            directory.requestPasswordReset(new Email("newcomer@example.test"));
            assertThat(db.mailBodiesTo("newcomer@example.test")).as("verification and reset mail").hasSize(2);
            TestAccounts.unverifiedUser(db, "another@example.test");
            held.rollback();
        }
    }

    /**
     * Anyone may sign up someone else's address with a password of their own; the code goes to the address. Whoever
     * verifies with it sets their own password, and the code alone verifies nothing. Every unexpired code counts: a
     * stranger's requests only send the owner more codes.
     */
    @Test
    void signingUpSomeoneElsesAddressFirstGivesTheSquatterNothing() throws Exception {
        String squatter = "squatters-own-password-1";
        PgPasswordVerifiers verifiers = new PgPasswordVerifiers();
        try (Secret password = Secret.copyOf(squatter)) {
            directory.signUp(new Email("owner-to-be@example.test"), verifiers.scramSha256(password),
                    TestAccounts.fakeKeys());
        }
        String role = TestAccounts.unverifiedUser(db, "owner-to-be@example.test"); // the owner signs up too
        String code = db.codeFromMail("owner-to-be@example.test", "Verification code");

        // the code alone verifies nothing: it would switch on the squatter's password
        assertThatThrownBy(() -> {
            try (Connection c = db.signup().getConnection();
                 PreparedStatement p = c.prepareStatement("select verify_email(?, ?)")) {
                p.setString(1, "owner-to-be@example.test");
                p.setString(2, code);
                p.executeQuery().close();
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("QX011");
            assertThat(e.getMessage()).contains("Verifying needs your password as well");
        });
        assertThat(single("select count(*) from qodex.users where email = 'owner-to-be@example.test' "
                + "and verified_at is null")).as("nothing verified, the code kept").isEqualTo("1");
        try (Secret password = Secret.copyOf(TestAccounts.PASSWORD)) {
            directory.verifyAs(new Email("owner-to-be@example.test"), code, verifiers.scramSha256(password),
                    TestAccounts.fakeKeys());
        }
        try (Connection c = db.as(role, TestAccounts.PASSWORD).getConnection()) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> db.as(role, squatter).getConnection().close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void aStrangersRequestDoesNotMakeTheCodeInHandStale() throws Exception {
        TestAccounts.verifiedUser(db, "holder@example.test");
        directory.requestPasswordReset(new Email("holder@example.test"));
        String inHand = db.codeFromMail("holder@example.test", "Reset code");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("delete from qodex.rate_events where bucket like 'mail_pause:%'"); // a minute later
        }
        directory.requestPasswordReset(new Email("holder@example.test")); // the stranger's request
        assertThat(db.codeFromMail("holder@example.test", "Reset code")).isNotEqualTo(inHand);
        assertThat(resetAsSignupLogin("holder@example.test", inHand)).isNull();
        assertThat(single("select count(*) from qodex.user_codes c join qodex.users u on u.id = c.user_id "
                + "where u.email = 'holder@example.test' and c.purpose = 'reset'")).as("using one ends all").isEqualTo("0");
    }

    private String resetAsSignupLogin(String email, String code) throws SQLException {
        try (Connection c = db.signup().getConnection(); PreparedStatement p = c.prepareStatement(
                "select reset_password(?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, email);
            p.setString(2, code);
            p.setString(3, "SCRAM-SHA-256$4096:c2FsdA==$Y2xpZW50:c2VydmVy");
            p.setBytes(4, TestAccounts.bytes(32));
            p.setBytes(5, TestAccounts.bytes(32));
            p.setBytes(6, TestAccounts.bytes(92));
            p.setString(7, TestAccounts.fakeKeys().kdfParams());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void anExpiredCodeIsRefused() throws SQLException {
        TestAccounts.unverifiedUser(db, "late@example.test");
        String mailed = db.codeFromMail("late@example.test", "Verification code");
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("update qodex.user_codes set expires_at = now() - interval '1 second' where user_id = "
                    + "(select id from qodex.users where email = 'late@example.test')");
        }
        assertThatThrownBy(() -> TestAccounts.verify(db, "late@example.test", mailed))
                .isInstanceOf(QodexException.class).hasMessageContaining("not valid");
    }

    @Test
    void theSignUpLoginHoldsAtMostSixteenConnections() throws SQLException {
        DataSource signup = db.signup();
        List<Connection> held = new ArrayList<>();
        try {
            SQLException refused = null;
            for (int i = 0; i < 17 && refused == null; i++) {
                try {
                    held.add(signup.getConnection());
                } catch (SQLException e) {
                    refused = e;
                }
            }
            assertThat((Object) refused).as("the 17th connection").isNotNull();
            assertThat(refused.getSQLState()).isEqualTo("53300"); // too many connections for role
            assertThat(held).hasSize(16);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void oneStatementCannotCreateHundredsOfAccounts() throws SQLException {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("update qodex.rate_limit_settings set max_count = 20 where name = 'sign_up'");
            s.execute("delete from qodex.rate_events where bucket like 'sign_up:%'");
        }
        long before = Long.parseLong(single("select count(*) from qodex.users"));
        try {
            assertThatThrownBy(() -> {
                try (Connection c = db.signup().getConnection(); Statement s = c.createStatement()) {
                    s.execute("select qodex.sign_up('bulk' || i || '@example.test', "
                            + "'SCRAM-SHA-256$4096:c2FsdA==$Y2xpZW50:c2VydmVy', decode(repeat('01', 32), 'hex'), "
                            + "decode(repeat('02', 32), 'hex'), decode(repeat('03', 92), 'hex'), "
                            + "'" + TestAccounts.fakeKeys().kdfParams() + "') from generate_series(1, 300) i");
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("QX009");
                assertThat(e.getMessage()).contains("Too many accounts");
            });
            assertThat(Long.parseLong(single("select count(*) from qodex.users"))).as("all or nothing").isEqualTo(before);
            assertThat(single("select count(*) from qodex.mail_outbox where to_email like 'bulk%'")).isEqualTo("0");
        } finally {
            try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
                s.execute("update qodex.rate_limit_settings set max_count = 60 where name = 'sign_up'");
                s.execute("delete from qodex.rate_events where bucket like 'sign_up:%'");
            }
        }
    }

    private String single(String sql) throws SQLException {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    record PsqlRun(int exitCode, String output) {
    }

    /** Runs a script with the psql client as the given login (the attacker's own tool). */
    private PsqlRun psql(String role, String password, String script) throws Exception {
        java.net.URI uri = java.net.URI.create(db.jdbcUrl().substring("jdbc:".length()));
        Path file = Files.createTempFile("attack", ".sql");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", uri.getHost(), "-p",
                Integer.toString(uri.getPort()), "-U", role, "-d", uri.getPath().substring(1), "-f", file.toString())
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        Files.deleteIfExists(file);
        return new PsqlRun(process.exitValue(), output);
    }
}
