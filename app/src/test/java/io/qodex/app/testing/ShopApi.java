package io.qodex.app.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small shop API on the loopback for the screenshot tour's scenario runs: a catalogue, a search and orders that
 * need a token. It records the request lines it received.
 */
public final class ShopApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> received = new CopyOnWriteArrayList<>();

    private ShopApi(HttpServer server) {
        this.server = server;
    }

    public static ShopApi start() throws IOException {
        ShopApi api = new ShopApi(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        api.server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            api.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            int status = 200;
            String body;
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET /api/items" -> body = "{\"items\":[{\"id\":42,\"name\":\"Blue mug\",\"price\":14.0},"
                        + "{\"id\":43,\"name\":\"Green mug\",\"price\":12.5}],\"total\":2}";
                case "GET /api/items/42" -> body = "{\"id\":42,\"name\":\"Blue mug\",\"price\":14.0,\"stock\":3,"
                        + "\"updatedAt\":\"2026-11-30T09:12:00Z\"}";
                case "GET /api/search" -> body = "{\"items\":[],\"total\":0}";
                case "GET /api/orders" -> {
                    status = 401;
                    body = "{\"error\":\"unauthorized\",\"message\":\"Sign in to see orders.\"}";
                }
                default -> {
                    status = 404;
                    body = "{\"error\":\"not found\"}";
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        api.server.setExecutor(api.executor);
        api.server.start();
        return api;
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public List<String> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
