package io.qodex.app.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small JSON API on 127.0.0.1 that records every request that reaches it (method, path, headers, body, and the
 * moment it arrived, by this JVM's clock): {@code GET /items} lists one item, {@code GET /items/7} shows it (other ids
 * 404), {@code GET /me} needs {@code Authorization: Bearer TOKEN}, {@code POST /login} answers that token for
 * {@code {"user": "ops", "password": PASSWORD}}, {@code GET /echo} echoes the {@code X-Api-Secret} header (a careless
 * server), {@code GET /big} answers 1.5 MB, {@code GET /hang} answers nothing for a minute, and every other method on
 * {@code /items} answers 201.
 */
public final class ApiServer implements AutoCloseable {

    public static final String TOKEN = "tok-4b1e-9c2d-scenario-bearer";
    public static final String PASSWORD = "api-login-pass-77";

    /** What reached the server. {@code at} is System.nanoTime() when the handler started. */
    public record Seen(String method, String path, Map<String, List<String>> headers, String body, long at) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse("");
        }
    }

    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final boolean record;

    public ApiServer() throws IOException {
        this(true);
    }

    /** @param record false for benchmarks: the list of what reached the server grows with every request */
    public ApiServer(boolean record) throws IOException {
        this.record = record;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Seen> seen(String method) {
        return seen.stream().filter(s -> s.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (record) {
            seen.add(new Seen(method, path, Map.copyOf(exchange.getRequestHeaders()), body, at));
        }
        if (method.equals("POST") && path.equals("/login")) {
            boolean right = body.contains("\"password\":\"" + PASSWORD + "\"") || body.contains("\"password\": \""
                    + PASSWORD + "\"");
            answer(exchange, right ? 200 : 401, right ? "{\"token\": \"" + TOKEN + "\"}" : "{\"error\": \"no\"}");
        } else if (!method.equals("GET") && !method.equals("HEAD") && path.startsWith("/items")) {
            answer(exchange, 201, "{\"ok\": true}");
        } else if (path.equals("/items")) {
            answer(exchange, 200, "{\"items\": [{\"id\": 7, \"name\": \"a\", \"price\": 12.50}], \"count\": 1}");
        } else if (path.equals("/items/7")) {
            answer(exchange, 200, "{\"id\": 7, \"name\": \"a\"}");
        } else if (path.equals("/me")) {
            boolean bearer = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, bearer ? 200 : 401, bearer ? "{\"user\": \"ops\"}" : "{\"error\": \"who are you\"}");
        } else if (path.equals("/big")) {
            answer(exchange, 200, "{\"pad\": \"" + "x".repeat(1_500_000) + "\"}");
        } else if (path.equals("/hang")) {
            try {
                Thread.sleep(60_000); // never answers in time; close() interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        } else if (path.equals("/echo")) {
            answer(exchange, 200, "{\"youSent\": \"" + exchange.getRequestHeaders().getFirst("X-Api-Secret") + "\"}");
        } else {
            answer(exchange, 404, "{\"error\": \"not found\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Served-By", "api-server");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
