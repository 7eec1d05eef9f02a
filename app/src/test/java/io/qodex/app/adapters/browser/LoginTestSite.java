package io.qodex.app.adapters.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A small target app for the recorder tests (JDK HttpServer on 127.0.0.1): a login form ({@code /login}) with an
 * email field (id), a password field (data-testid), a tenant select (name), a "remember me" checkbox (aria-label)
 * and a "Sign in" button (role + name); a cookie session; a dashboard that stores an API token in localStorage, a
 * preference in IndexedDB, and calls {@code /api/me} with the token as a bearer token; and a wrong-credentials page
 * ({@code /login?error=1}).
 */
public final class LoginTestSite implements AutoCloseable {

    public static final String EMAIL = "operator@example.com";
    public static final String PASSWORD = "Qx-9f$ecret-Passw0rd";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final SecureRandom random = new SecureRandom();
    /** session id → API token */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final List<String> bearerTokensSeen = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private volatile int cookieMaxAgeSeconds = 3600;
    private volatile boolean frontPageIsTheLoginForm;
    private volatile @Nullable Hold hold;

    /** Requests "METHOD path" that wait until {@link #release()}; {@code arrived} completes when the first one came. */
    private record Hold(String request, CountDownLatch gate, CompletableFuture<Void> arrived) {
    }

    private LoginTestSite(HttpServer server) {
        this.server = server;
    }

    public static LoginTestSite start() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LoginTestSite site = new LoginTestSite(server);
            server.createContext("/", site::handle);
            server.setExecutor(site.executor);
            server.start();
            return site;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A base URL where nothing listens. */
    static String deadBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Holds every request "METHOD path" (e.g. {@code "GET /"}) until {@link #release()}, so that a test can watch a
     * browser job in progress; the future completes when the first held request arrived.
     */
    public CompletableFuture<Void> hold(String request) {
        Hold next = new Hold(request, new CountDownLatch(1), new CompletableFuture<>());
        hold = next;
        return next.arrived();
    }

    /** Lets held requests go on and holds no more. */
    public void release() {
        Hold current = hold;
        hold = null;
        if (current != null) {
            current.gate().countDown();
        }
    }

    /** Logs everyone out (server side): stored sessions no longer work. */
    void expireAllSessions() {
        sessions.clear();
    }

    /** Like many sites: the front page shows the login form to everyone, logged in or not (no redirect). */
    void frontPageIsTheLoginForm(boolean shown) {
        frontPageIsTheLoginForm = shown;
    }

    void cookieMaxAge(int seconds) {
        cookieMaxAgeSeconds = seconds;
    }

    /** The API token of the only live session. */
    String onlyToken() {
        return sessions.values().stream().reduce((a, b) -> {
            throw new IllegalStateException("several sessions");
        }).orElseThrow();
    }

    List<String> bearerTokensSeen() {
        return List.copyOf(bearerTokensSeen);
    }

    /** Every request as "METHOD path?query" followed by its body, to prove what the browser sent. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requestLines.add(method + " " + exchange.getRequestURI() + " " + body);
            awaitRelease(method + " " + path);
            String session = session(exchange);
            switch (method + " " + path) {
                case "GET /" -> {
                    if (frontPageIsTheLoginForm) {
                        html(exchange, 200, loginPage(false));
                    } else {
                        redirect(exchange, session != null ? "/dashboard" : "/login");
                    }
                }
                case "GET /login" -> html(exchange, 200, loginPage("error=1".equals(exchange.getRequestURI().getQuery())));
                case "POST /login" -> login(exchange, form(body));
                case "GET /dashboard" -> {
                    if (session == null) {
                        redirect(exchange, "/login");
                    } else {
                        html(exchange, 200, dashboard(sessions.get(session)));
                    }
                }
                case "GET /api/me" -> me(exchange);
                case "POST /api/login" -> apiLogin(exchange, body);
                default -> html(exchange, 404, "<h1>Not found</h1>");
            }
        }
    }

    private void awaitRelease(String request) {
        Hold current = hold;
        if (current == null || !current.request().equals(request)) {
            return;
        }
        current.arrived().complete(null);
        try {
            current.gate().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void login(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (EMAIL.equalsIgnoreCase(form.getOrDefault("email", "").strip()) && PASSWORD.equals(form.get("password"))) {
            String id = randomHex();
            sessions.put(id, randomHex());
            exchange.getResponseHeaders().add("Set-Cookie", "sid=" + id + "; Path=/; HttpOnly; Max-Age=" + cookieMaxAgeSeconds);
            redirect(exchange, "/dashboard");
        } else {
            redirect(exchange, "/login?error=1");
        }
    }

    /** The site's HTTP login for API clients: JSON email and password in, {@code {"token": …}} out. */
    private void apiLogin(HttpExchange exchange, String body) throws IOException {
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        if (EMAIL.equalsIgnoreCase(json.path("email").asText("").strip()) && PASSWORD.equals(json.path("password").asText())) {
            String token = randomHex();
            sessions.put(randomHex(), token);
            send(exchange, 200, "application/json", "{\"token\":\"" + token + "\"}");
        } else {
            send(exchange, 401, "application/json", "{\"error\":\"wrong email or password\"}");
        }
    }

    private void me(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (!token.isEmpty()) {
            bearerTokensSeen.add(token);
        }
        if (sessions.containsValue(token)) {
            send(exchange, 200, "application/json", "{\"email\":\"" + EMAIL + "\"}");
        } else {
            send(exchange, 401, "application/json", "{\"error\":\"unauthorized\"}");
        }
    }

    private @Nullable String session(HttpExchange exchange) {
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies == null) {
            return null;
        }
        for (String header : cookies) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.strip().split("=", 2);
                if (pair.length == 2 && pair[0].equals("sid") && sessions.containsKey(pair[1])) {
                    return pair[1];
                }
            }
        }
        return null;
    }

    private static String loginPage(boolean error) {
        return """
                <!doctype html>
                <html><head><title>Acme · Sign in</title></head>
                <body>
                  <h1>Sign in to Acme</h1>
                  %s
                  <form method="post" action="/login">
                    <p><label for="email">Email</label> <input id="email" type="email" name="email" autocomplete="username"></p>
                    <p><label>Password <input type="password" name="password" data-testid="password-input"></label></p>
                    <p><select name="tenant"><option value="">Choose a tenant</option><option value="acme">Acme</option>
                       <option value="globex">Globex</option></select></p>
                    <p><label><input type="checkbox" aria-label="Remember me"> Keep me signed in</label></p>
                    <p><button type="submit">Sign in</button> <a href="/help">Help</a></p>
                  </form>
                </body></html>
                """.formatted(error ? "<p role=\"alert\" class=\"error\">Invalid email or password.</p>" : "");
    }

    private static String dashboard(String token) {
        return """
                <!doctype html>
                <html><head><title>Acme · Dashboard</title></head>
                <body>
                  <h1 id="welcome">Dashboard</h1>
                  <p>Signed in as <span id="whoami">…</span></p>
                  <button id="logout">Sign out</button>
                  <script>
                    localStorage.setItem('acmeToken', '%s');
                    const db = indexedDB.open('acme-db', 1);
                    db.onupgradeneeded = () => db.result.createObjectStore('prefs');
                    db.onsuccess = () => db.result.transaction('prefs', 'readwrite').objectStore('prefs').put('dark', 'theme');
                    fetch('/api/me', { headers: { Authorization: 'Bearer ' + localStorage.getItem('acmeToken') } })
                      .then(r => r.json()).then(me => { document.getElementById('whoami').textContent = me.email; });
                  </script>
                </body></html>
                """.formatted(token);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void html(HttpExchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", html);
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String randomHex() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
