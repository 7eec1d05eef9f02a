package io.qodex.app.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.LoginServer;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.Bindings;
import io.qodex.domain.environment.CheckedDraft;
import io.qodex.domain.environment.DraftChecker;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentSpec;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.LoginOutcome;
import io.qodex.domain.environment.LoginTester;
import io.qodex.domain.environment.SecretInput;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * F7 "Test login" against a local login server, through the domain's LoginTester and the java.net.http adapter:
 * success with a nested JSONPath, 401, HTML, empty body, wrong path, slow server, server down, unknown host, bare
 * path. No secret ever appears in an outcome's message.
 */
class HttpLoginTest {

    private static LoginServer server;
    private static final JavaHttpLoginClient CLIENT = new JavaHttpLoginClient(Duration.ofSeconds(2));
    private static final LoginTester TESTER = new LoginTester(CLIENT, Duration.ofMillis(800));

    @BeforeAll
    static void start() throws IOException {
        server = new LoginServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LoginOutcome login(String baseUrl, String url, String tokenPath, String password) {
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA", baseUrl, "")
                .withProfile("admin", p -> p.withEmail(LoginServer.EMAIL)
                        .withPassword(SecretInput.replace(Secret.copyOf(password)))
                        .withApiLogin(Optional.of(new ApiLoginDraft("POST", url, List.of(LoginHeader.contentTypeJson()),
                                "{\"email\": \"${authEmail}\", \"password\": \"${authPassword}\"}", tokenPath))));
        CheckedDraft checked = new DraftChecker(List.of(), CLIENT::tokenPathProblem).check(draft);
        assertThat(checked.problems()).isEmpty();
        EnvironmentSpec spec = ((CheckedDraft.Valid) checked).spec();
        LoginOutcome outcome = TESTER.run(spec, spec.profile("admin").orElseThrow(), Bindings.StoredSecrets.NEVER);
        assertThat(outcome.message()).doesNotContain(password).doesNotContain(LoginServer.TOKEN);
        return outcome;
    }

    private static LoginOutcome login(String path, String tokenPath) {
        return login(server.url(""), "${baseUrl}" + path, tokenPath, LoginServer.PASSWORD);
    }

    @Test
    void successReadsANestedTokenAndTheBodyIsJsonEscaped() {
        LoginOutcome outcome = login("/api/login", "$.data.auth.token");
        assertThat(outcome).isInstanceOfSatisfying(LoginOutcome.Success.class, success -> {
            assertThat(success.status()).isEqualTo(200);
            assertThat(success.token().reveal()).isEqualTo(LoginServer.TOKEN);
            assertThat(success.elapsed()).isPositive();
            assertThat(success.message()).contains("HTTP 200").contains("****9f3c");
        });
        LoginServer.Seen seen = server.seen.get(server.seen.size() - 1);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.contentType()).isEqualTo("application/json");
    }

    @Test
    void wrongCredentialsGiveTheStatusAndAnExcerptWithTheSecretBlankedOut() {
        String wrong = "wrong-\"password\"-12345";
        LoginOutcome outcome = login(server.url(""), "${baseUrl}/api/login", "$.data.auth.token", wrong);
        assertThat(outcome).isInstanceOfSatisfying(LoginOutcome.HttpError.class, error -> {
            assertThat(error.status()).isEqualTo(401);
            assertThat(error.bodyExcerpt()).contains("bad credentials").contains("****")
                    .doesNotContain("password\\\"-12345");
        });
        assertThat(outcome.message()).startsWith("The login answered HTTP 401: ");
    }

    @Test
    void anHtmlPageIsNotJson() {
        LoginOutcome outcome = login("/html", "$.token");
        assertThat(outcome).isInstanceOf(LoginOutcome.NotJson.class);
        assertThat(outcome.message()).contains("not JSON").contains("text/html").contains("Sign in");
    }

    @Test
    void anEmptyBodyHasNoToken() {
        assertThat(login("/empty", "$.token")).isInstanceOfSatisfying(LoginOutcome.EmptyBody.class,
                empty -> assertThat(empty.message()).contains("empty body"));
    }

    @Test
    void aWrongPathMatchesNothingAndAnObjectIsNoToken() {
        assertThat(login("/api/login", "$.data.auth.jwt")).isInstanceOfSatisfying(LoginOutcome.PathMatchedNothing.class,
                none -> assertThat(none.message()).isEqualTo("The token path $.data.auth.jwt matched nothing in the "
                        + "login answer."));
        assertThat(login("/object", "$.data.auth.token")).isInstanceOfSatisfying(LoginOutcome.NotAToken.class,
                notToken -> assertThat(notToken.message()).contains("matched an object"));
        assertThat(login("/api/login", "$..token")).isInstanceOf(LoginOutcome.Success.class);
    }

    @Test
    void anInvalidPathIsRefusedBeforeSending() {
        assertThat(CLIENT.tokenPathProblem("$.data[?(@.x == ]")).isPresent();
        assertThat(CLIENT.tokenPathProblem("$.data.auth.token")).isEmpty();
    }

    @Test
    void aSlowServerTimesOut() {
        // the server never answers: the tester's own limit (800 ms, injected above) ends the attempt and says so
        assertThat(login("/slow", "$.token")).isInstanceOfSatisfying(LoginOutcome.Timeout.class,
                timeout -> assertThat(timeout.message()).contains("800 ms").contains("timeout"));
    }

    @Test
    void aServerThatIsDownRefusesTheConnection() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LoginOutcome outcome = login("http://127.0.0.1:" + port, "${baseUrl}/api/login", "$.token",
                LoginServer.PASSWORD);
        assertThat(outcome).isInstanceOf(LoginOutcome.ConnectionRefused.class);
        assertThat(outcome.message()).contains("Connection refused by 127.0.0.1:" + port);
    }

    @Test
    void anUnknownHostIsNamed() {
        LoginOutcome outcome = login("http://qodex-login-test.invalid", "${baseUrl}/api/login", "$.token",
                LoginServer.PASSWORD);
        assertThat(outcome).isInstanceOfSatisfying(LoginOutcome.UnknownHost.class,
                unknown -> assertThat(unknown.message()).isEqualTo("Unknown host qodex-login-test.invalid: check the URL."));
    }

    @Test
    void aBarePathAfterSubstitutionIsRejectedWithThatReason() {
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA", server.url(""), "")
                .withVariable(io.qodex.domain.environment.VariableDraft.plain("LOGIN", "/api/login"))
                .withProfile("admin", p -> p.withApiLogin(Optional.of(new ApiLoginDraft("POST", "${TOKENLESS}",
                        List.of(), "{}", "$.token"))))
                .withVariable(io.qodex.domain.environment.VariableDraft.secret("TOKENLESS", Secret.copyOf("/api/login")));
        EnvironmentSpec spec = ((CheckedDraft.Valid) new DraftChecker(List.of(), CLIENT::tokenPathProblem)
                .check(draft)).spec();
        LoginOutcome outcome = TESTER.run(spec, spec.profile("admin").orElseThrow(), Bindings.StoredSecrets.NEVER);
        assertThat(outcome).isInstanceOf(LoginOutcome.InvalidConfig.class);
        assertThat(outcome.message()).contains("must be absolute after substitution").contains("bare path");
    }
}
