package io.qodex.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A target app's login endpoints on 127.0.0.1, for HTTP login tests. */
public final class LoginServer implements AutoCloseable {

    public static final String EMAIL = "ops@shop.example";
    public static final String PASSWORD = "s3cret \"quoted\" \\ and\nnewline";
    public static final String TOKEN = "eyJhbGciOi.payload.signature-9f3c";

    /** What the last requests looked like (method, content type, body). */
    public record Seen(String method, String path, String contentType, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final java.util.concurrent.CountDownLatch shutDown = new java.util.concurrent.CountDownLatch(1);

    public LoginServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/login", this::login);
        server.createContext("/html", exchange -> answer(exchange, 200, "text/html; charset=utf-8",
                "<!doctype html><html><body><h1>Sign in</h1></body></html>"));
        server.createContext("/empty", exchange -> answer(exchange, 200, "application/json", ""));
        server.createContext("/object", exchange -> answer(exchange, 200, "application/json",
                "{\"data\": {\"auth\": {\"token\": {\"value\": \"x\"}}}}"));
        server.createContext("/slow", exchange -> {
            // a server that does not answer until it is shut down: whatever the client's time limit, it runs out
            try {
                shutDown.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void login(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body));
        JsonNode credentials;
        try {
            credentials = JSON.readTree(body);
        } catch (IOException e) {
            answer(exchange, 400, "application/json", "{\"error\": \"body is not JSON\"}");
            return;
        }
        if (!EMAIL.equals(credentials.path("email").asText()) || !PASSWORD.equals(credentials.path("password").asText())) {
            // a careless server that echoes what it got, password included
            answer(exchange, 401, "application/json", "{\"error\": \"bad credentials\", \"got\": " + body + "}");
            return;
        }
        answer(exchange, 200, "application/json; charset=utf-8",
                "{\"data\": {\"auth\": {\"token\": \"" + TOKEN + "\", \"expires\": 3600}}}");
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        shutDown.countDown();
        server.stop(0);
    }
}
