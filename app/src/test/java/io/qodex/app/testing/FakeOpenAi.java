package io.qodex.app.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks enough of the OpenAI API for key validation: {@code GET /v1/models} answers 200 for
 * an accepted key and OpenAI's own 401 body otherwise. Requests are counted.
 */
public final class FakeOpenAi implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else every response waits ~40 ms
    }

    private final HttpServer server;
    private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    public FakeOpenAi(String... acceptedKeys) {
        this.acceptedKeys.addAll(Set.of(acceptedKeys));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/models", this::models);
        server.start();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:40123/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int requests() {
        return requests.get();
    }

    public HttpServer server() {
        return server;
    }

    public boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") && acceptedKeys.contains(header.substring(7));
    }

    private void models(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (authorized(exchange)) {
            respond(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\","
                    + "\"created\":1700000000,\"owned_by\":\"openai\"}]}");
        } else {
            respond(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided.\","
                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        }
    }

    public static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
