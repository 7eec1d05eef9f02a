package io.qodex.app.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.ApiServer;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.scenario.JsonPaths;
import io.qodex.domain.scenario.JsonValues;
import io.qodex.domain.scenario.ScenarioHttp;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scenario adapters against a local server: Stop, limits, refusals, and JSONPath reading. */
class ScenarioHttpTest {

    private static ApiServer server;
    private static final JavaScenarioHttp HTTP = new JavaScenarioHttp(Duration.ofSeconds(2));
    private static final JaywayJsonPaths PATHS = new JaywayJsonPaths();

    @BeforeAll
    static void start() throws Exception {
        server = new ApiServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ScenarioHttp.Outgoing get(String url, List<Map.Entry<String, String>> headers) {
        return new ScenarioHttp.Outgoing("GET", URI.create(url), headers, Optional.empty(), Duration.ofSeconds(20));
    }

    @Test
    void stopEndsARequestInFlightAndLeavesTheThreadUninterrupted() throws Exception {
        CancelSignal stop = new CancelSignal();
        CompletableFuture<Object[]> sent = CompletableFuture.supplyAsync(() -> {
            ScenarioHttp.Answer answer = HTTP.send(get(server.url("/hang"), List.of()), stop);
            return new Object[] {answer, Thread.currentThread().isInterrupted()};
        });
        Thread.sleep(300);
        assertThat(sent).isNotDone();
        stop.cancel();
        Object[] result = sent.get(5, TimeUnit.SECONDS);
        assertThat(result[0]).isEqualTo(new ScenarioHttp.Answer.Failure("Stopped while waiting for the answer."));
        assertThat(result[1]).isEqualTo(false);
    }

    @Test
    void bigBodiesAreCutHeadersTheClientOwnsAreRefusedAndDownServersNamed() {
        ScenarioHttp.Answer big = HTTP.send(get(server.url("/big"), List.of()), new CancelSignal());
        assertThat(big).isInstanceOfSatisfying(ScenarioHttp.Answer.Response.class, r -> {
            assertThat(r.truncated()).isTrue();
            assertThat(r.body()).hasSize(JavaScenarioHttp.MAX_BODY);
            assertThat(r.header("CONTENT-type")).contains("application/json");
        });
        assertThat(HTTP.send(get(server.url("/items"), List.of(Map.entry("Host", "evil.example"))), new CancelSignal()))
                .isInstanceOfSatisfying(ScenarioHttp.Answer.Failure.class, f -> assertThat(f.message())
                        .startsWith("The request cannot be sent: a header is one that the HTTP client sets itself"));
        assertThat(HTTP.send(get("http://127.0.0.1:9/x", List.of()), new CancelSignal()))
                .isEqualTo(new ScenarioHttp.Answer.Failure("Nothing answers at 127.0.0.1:9 (connection refused)."));
    }

    @Test
    void jsonPathsReadPlainValuesAndMissingIsMissing() {
        JsonPaths.Document document = PATHS.parse("{\"items\": [{\"id\": 7, \"price\": 12.50}], \"none\": null}")
                .orElseThrow();
        assertThat(JsonValues.same(java.math.BigInteger.valueOf(7), document.read("$.items[0].id").orElseThrow().value()))
                .isTrue();
        assertThat(JsonValues.same(new BigDecimal("12.5"), document.read("$.items[0].price").orElseThrow().value()))
                .isTrue();
        assertThat(document.read("$.none")).contains(new JsonPaths.Found(null));
        assertThat(document.read("$.items[3].id")).isEmpty();
        assertThat(document.read("$.nothing")).isEmpty();
        assertThat(document.read("$..missing")).isEmpty();
        assertThat(document.read("$.items[?(@.id == 7)].price").orElseThrow().value()).isEqualTo(List.of(12.5));
        assertThat(document.read("$.items[?(@.id == 8)].price")).isEmpty();
        assertThat(PATHS.parse("<html>")).isEmpty();
        assertThat(PATHS.parse("{} trailing")).isEmpty();
        assertThat(PATHS.problem("$.a[0]")).isEmpty();
    }

    /** A server that closes a kept-alive connection after reading the second request: the GET is not sent again. */
    @Test
    void aRequestWhoseConnectionClosesIsNotSentAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try {
                    while (true) {
                        try (java.net.Socket connection = socket.accept()) {
                            var in = new java.io.BufferedReader(new java.io.InputStreamReader(connection.getInputStream(),
                                    java.nio.charset.StandardCharsets.ISO_8859_1));
                            var out = connection.getOutputStream();
                            for (int n = 1; ; n++) {
                                String line = in.readLine();
                                if (line == null) {
                                    break;
                                }
                                while (!in.readLine().isEmpty()) {
                                    // headers
                                }
                                if (requests.incrementAndGet() % 2 == 0) {
                                    break; // close without answering
                                }
                                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(
                                        java.nio.charset.StandardCharsets.ISO_8859_1));
                                out.flush();
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // closed at the end of the test
                }
            });
            server.setDaemon(true);
            server.start();
            String url = "http://127.0.0.1:" + socket.getLocalPort() + "/k";
            assertThat(HTTP.send(get(url, List.of()), new CancelSignal()))
                    .isInstanceOf(ScenarioHttp.Answer.Response.class);
            assertThat(HTTP.send(get(url, List.of()), new CancelSignal())).isEqualTo(new ScenarioHttp.Answer.Failure(
                    "The connection closed before the answer came; the request was not sent again (each step is sent "
                    + "once)."));
            Thread.sleep(200);
            assertThat(requests.get()).as("arrivals at the server").isEqualTo(2);
        }
    }
}
