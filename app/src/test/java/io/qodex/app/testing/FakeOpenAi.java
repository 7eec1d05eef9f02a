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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks enough of the OpenAI API for key validation and streamed chat completions:
 * {@code GET /v1/models} answers 200 for an accepted key and OpenAI's own 401 body otherwise;
 * {@code POST /v1/chat/completions} streams {@link #reply(String)} in pieces and then the usage set with
 * {@link #usage(long, long, long)}. Directives in the last message steer it: {@code [[401]]}, {@code [[429]]},
 * {@code [[500]]}, {@code [[hang]]} (no answer until {@link #release()} or {@link #close()}: a server that does not
 * answer in time), {@code [[stall]]} (the first piece, then nothing until {@link #release()}: a stream still under way
 * for as long as a test needs), {@code [[drip:MS]]} (between pieces), {@code [[nousage]]};
 * {@code [[fail:STATUS:N]]} answers the first N requests with that last message with the status (400, 401, 429, 500,
 * 502, 503; OpenAI's error bodies) and then streams normally; {@code [[retry-after:S]]} and
 * {@code [[retry-after-ms:MS]]} add those headers to every error answer. Requests are counted; a test can wait for
 * held requests ({@link #awaitHeld}) and for every chat to have ended ({@link #awaitIdle}) instead of sleeping.
 */
public final class FakeOpenAi implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else every response waits ~40 ms
    }

    private final HttpServer server;
    private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger chatRequests = new AtomicInteger();
    private static final Pattern DRIP = Pattern.compile("\\[\\[drip:(\\d+)]]");
    private static final Pattern FAIL = Pattern.compile("\\[\\[fail:(\\d{3}):(\\d+)]]");
    private static final Pattern RETRY_AFTER = Pattern.compile("\\[\\[retry-after:([0-9.]+)]]");
    private static final Pattern RETRY_AFTER_MS = Pattern.compile("\\[\\[retry-after-ms:([0-9.]+)]]");
    /** How many requests each last message with a {@code [[fail:...]]} directive has made. */
    private final java.util.Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private volatile String reply = "Hello from the fake model.";
    private volatile long[] usage = {1200, 345, 200};
    private volatile String lastChatBody = "";
    /** Guards the counters below; notified whenever one changes. */
    private final Object progress = new Object();
    private long releases;
    private int held;
    private int chatsInFlight;
    private boolean closed;

    public FakeOpenAi(String... acceptedKeys) {
        this.acceptedKeys.addAll(Set.of(acceptedKeys));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:40123/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int requests() {
        return requests.get();
    }

    /** Chat completion requests received (each retry counts). */
    public int chatRequests() {
        return chatRequests.get();
    }

    /** The JSON body of the last chat completion request. */
    public String lastChatBody() {
        return lastChatBody;
    }

    /** The answer streamed from now on. */
    public FakeOpenAi reply(String text) {
        this.reply = text;
        return this;
    }

    /** The usage reported at the end of each stream from now on. */
    public FakeOpenAi usage(long promptTokens, long completionTokens, long cachedTokens) {
        this.usage = new long[] {promptTokens, completionTokens, cachedTokens};
        return this;
    }

    /** Lets every request held now ({@code [[hang]]}, {@code [[stall]]}) go on; later ones are held again. */
    public void release() {
        synchronized (progress) {
            releases++;
            progress.notifyAll();
        }
    }

    /** Requests held right now. */
    public int held() {
        synchronized (progress) {
            return held;
        }
    }

    /**
     * Waits until {@code condition} holds of the number of held requests (re-checked whenever that number changes, and
     * at least every 50 ms for conditions that also look elsewhere); fails the test after {@code timeout}.
     */
    public void awaitHeld(java.util.function.IntPredicate condition, java.time.Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!condition.test(held)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out waiting for " + what + " (" + held + " request(s) held)");
                }
                waitOn(Math.min(50, Math.max(1, left / 1_000_000)));
            }
        }
    }

    /** Waits until every chat request received so far has ended (answered, or given up by its client). */
    public void awaitIdle(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (chatsInFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out waiting for " + chatsInFlight + " chat request(s) to end");
                }
                waitOn(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void waitOn(long millis) {
        try {
            progress.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    /** Holds the calling request until {@link #release()} or {@link #close()}. */
    private void hold() {
        synchronized (progress) {
            long mine = releases;
            held++;
            progress.notifyAll();
            try {
                while (releases == mine && !closed) {
                    progress.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held--;
                progress.notifyAll();
            }
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        chatRequests.incrementAndGet();
        synchronized (progress) {
            chatsInFlight++;
            progress.notifyAll();
        }
        try {
            answerChat(exchange);
        } finally {
            synchronized (progress) {
                chatsInFlight--;
                progress.notifyAll();
            }
        }
    }

    private void answerChat(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastChatBody = body;
        com.fasterxml.jackson.databind.JsonNode request = JSON.readTree(body);
        com.fasterxml.jackson.databind.JsonNode messages = request.path("messages");
        String last = messages.size() == 0 ? "" : messages.get(messages.size() - 1).path("content").asText("");
        String model = request.path("model").asText("gpt-4o-mini");
        if (last.contains("[[hang]]")) {
            hold();
        }
        Matcher retryAfter = RETRY_AFTER.matcher(last);
        if (retryAfter.find()) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter.group(1));
        }
        Matcher retryAfterMs = RETRY_AFTER_MS.matcher(last);
        if (retryAfterMs.find()) {
            exchange.getResponseHeaders().set("Retry-After-Ms", retryAfterMs.group(1));
        }
        Matcher fail = FAIL.matcher(last);
        if (fail.find() && failing.computeIfAbsent(last, k -> new AtomicInteger()).getAndIncrement()
                < Integer.parseInt(fail.group(2))) {
            respond(exchange, Integer.parseInt(fail.group(1)), errorBody(Integer.parseInt(fail.group(1))));
            return;
        }
        if (!authorized(exchange) || last.contains("[[401]]")) {
            respond(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided.\","
                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
            return;
        }
        if (last.contains("[[429]]")) {
            respond(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached for requests.\","
                    + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
            return;
        }
        if (last.contains("[[500]]")) {
            respond(exchange, 500, "{\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}");
            return;
        }
        Matcher drip = DRIP.matcher(last);
        long dripMillis = drip.find() ? Long.parseLong(drip.group(1)) : 0;
        boolean stall = last.contains("[[stall]]");
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (var out = exchange.getResponseBody()) {
            String text = reply;
            int pieces = Math.min(4, Math.max(1, text.length()));
            int size = (text.length() + pieces - 1) / pieces;
            for (int i = 0; i < text.length(); i += size) {
                String piece = text.substring(i, Math.min(text.length(), i + size));
                event(out, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                        + JSON.writeValueAsString(piece) + "},\"finish_reason\":null}]}");
                if (stall && i == 0) {
                    hold();
                }
                if (dripMillis > 0) {
                    pause(dripMillis);
                }
            }
            event(out, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            if (!last.contains("[[nousage]]")) {
                long[] u = usage;
                event(out, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + u[0]
                        + ",\"completion_tokens\":" + u[1] + ",\"total_tokens\":" + (u[0] + u[1])
                        + ",\"prompt_tokens_details\":{\"cached_tokens\":" + u[2] + "}}}");
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException clientWentAway) {
            // a cancelled call closes the stream
        }
        exchange.close();
    }

    /** OpenAI's error body for a status. */
    private static String errorBody(int status) {
        return switch (status) {
            case 400 -> "{\"error\":{\"message\":\"Invalid value for 'max_completion_tokens'.\","
                    + "\"type\":\"invalid_request_error\",\"param\":\"max_completion_tokens\",\"code\":\"invalid_value\"}}";
            case 401 -> "{\"error\":{\"message\":\"Incorrect API key provided.\","
                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
            case 429 -> "{\"error\":{\"message\":\"Rate limit reached for requests.\","
                    + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
            case 502 -> "{\"error\":{\"message\":\"Bad gateway.\",\"type\":\"server_error\",\"param\":null,"
                    + "\"code\":null}}";
            case 503 -> "{\"error\":{\"message\":\"The engine is currently overloaded.\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}";
            default -> "{\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}";
        };
    }

    private static void event(java.io.OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        synchronized (progress) {
            closed = true;
            progress.notifyAll();
        }
        server.stop(0);
    }
}
