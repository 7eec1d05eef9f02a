package io.qodex.app.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.HttpLoginClient;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.LoginOutcome;
import io.qodex.domain.environment.LoginRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP login over java.net.http (F7): sends the resolved request with a connect timeout and an overall
 * deadline, never follows redirects, checks the status and the content type, parses the body as strict JSON
 * (Jackson) and reads the token with JSONPath. Bodies over 1 MB are not read. Logs nothing: requests and answers
 * carry credentials.
 */
public final class JavaHttpLoginClient implements HttpLoginClient {

    static final int MAX_BODY = 1_000_000;
    private static final int EXCERPT_SOURCE = 4000;

    private final Duration connectTimeout;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Built on first use: creating an HttpClient (its TLS context) costs the CLI close to a second otherwise. */
    private @Nullable HttpClient client;
    private @Nullable Configuration jsonPath;

    public JavaHttpLoginClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    private synchronized Configuration jsonPath() {
        if (jsonPath == null) {
            jsonPath = Configuration.builder()
                    .jsonProvider(new JacksonJsonNodeJsonProvider(mapper))
                    .mappingProvider(new JacksonMappingProvider(mapper))
                    .build();
        }
        return jsonPath;
    }

    @Override
    public Optional<String> tokenPathProblem(String tokenPath) {
        try {
            JsonPath.compile(tokenPath);
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of("it does not compile.");
        }
    }

    @Override
    public LoginOutcome send(LoginRequest request) {
        JsonPath path;
        try {
            path = JsonPath.compile(request.tokenPath());
        } catch (InvalidPathException e) {
            return new LoginOutcome.InvalidPath(request.tokenPath(), String.valueOf(e.getMessage()));
        }
        HttpRequest httpRequest;
        try {
            httpRequest = build(request);
        } catch (IllegalArgumentException e) {
            return new LoginOutcome.InvalidConfig("The login request cannot be sent: a header name or value is not "
                    + "allowed.");
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<LimitedBody.Bytes>> pending =
                client().sendAsync(httpRequest, info -> new LimitedBody(MAX_BODY));
        HttpResponse<LimitedBody.Bytes> response;
        try {
            response = pending.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new LoginOutcome.Timeout(request.timeout());
        } catch (ExecutionException e) {
            return networkFailure(request, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            return new LoginOutcome.NetworkError("interrupted.");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return read(response, elapsed, path, request.tokenPath());
    }

    private static HttpRequest build(LoginRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url()).timeout(request.timeout());
        for (LoginHeader header : request.headers()) {
            builder.header(header.name(), header.value());
        }
        HttpRequest.BodyPublisher body = request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        return builder.method(request.method().name(), body).build();
    }

    private LoginOutcome read(HttpResponse<LimitedBody.Bytes> response, Duration elapsed, JsonPath path,
                              String tokenPath) {
        int status = response.statusCode();
        byte[] bytes = response.body().data();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status < 200 || status > 299) {
            return new LoginOutcome.HttpError(status, elapsed, excerpt(bytes));
        }
        if (response.body().truncated()) {
            return new LoginOutcome.NetworkError("the answer is larger than " + MAX_BODY + " bytes; it was not read.");
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return new LoginOutcome.EmptyBody(status, elapsed);
        }
        if (!contentType.isEmpty() && !isJson(contentType)) {
            return new LoginOutcome.NotJson(status, elapsed, contentType, excerpt(bytes));
        }
        JsonNode document;
        try {
            document = mapper.readTree(bytes);
        } catch (IOException e) {
            return new LoginOutcome.NotJson(status, elapsed, contentType, excerpt(bytes));
        }
        if (document == null || document.isMissingNode()) {
            return new LoginOutcome.EmptyBody(status, elapsed);
        }
        Object found;
        try {
            found = path.read(document, jsonPath());
        } catch (PathNotFoundException e) {
            return new LoginOutcome.PathMatchedNothing(tokenPath, elapsed);
        } catch (RuntimeException e) {
            return new LoginOutcome.InvalidPath(tokenPath, "it cannot be applied to this answer.");
        }
        return token(found, tokenPath, status, elapsed);
    }

    private static LoginOutcome token(Object found, String tokenPath, int status, Duration elapsed) {
        Object value = found;
        if (value instanceof JsonNode node && node.isArray() && node.size() == 1) {
            value = node.get(0);
        } else if (value instanceof List<?> list && list.size() == 1) {
            value = list.get(0);
        }
        if (value instanceof JsonNode node && node.isTextual()) {
            value = node.textValue();
        }
        if (value instanceof String text) {
            if (text.isBlank()) {
                return new LoginOutcome.NotAToken(tokenPath, "an empty text", elapsed);
            }
            return new LoginOutcome.Success(status, elapsed, Secret.copyOf(text));
        }
        if ((value instanceof JsonNode node && node.isArray() && node.isEmpty())
                || (value instanceof List<?> list && list.isEmpty())) {
            return new LoginOutcome.PathMatchedNothing(tokenPath, elapsed);
        }
        return new LoginOutcome.NotAToken(tokenPath, describe(value), elapsed);
    }

    private static String describe(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isNull()) {
                return "null";
            }
            if (node.isObject()) {
                return "an object";
            }
            if (node.isArray()) {
                return "a list of " + node.size() + " values";
            }
            if (node.isNumber()) {
                return "a number";
            }
            if (node.isBoolean()) {
                return "true/false";
            }
        }
        if (value instanceof List<?> list) {
            return "a list of " + list.size() + " values";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "true/false";
        }
        return value == null ? "null" : "an object";
    }

    private static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.equals("application/json") || type.endsWith("+json") || type.equals("text/json");
    }

    /** The start of the body as text, for the domain to redact and shorten. */
    private static String excerpt(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, EXCERPT_SOURCE * 4), StandardCharsets.UTF_8);
        return text.length() > EXCERPT_SOURCE ? text.substring(0, EXCERPT_SOURCE) : text;
    }

    private static LoginOutcome networkFailure(LoginRequest request, Throwable failure) {
        String host = request.url().getHost();
        int port = request.url().getPort() >= 0 ? request.url().getPort()
                : "https".equalsIgnoreCase(request.url().getScheme()) ? 443 : 80;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new LoginOutcome.UnknownHost(host);
            }
            if (t instanceof HttpTimeoutException) {
                return new LoginOutcome.Timeout(request.timeout());
            }
            if (t instanceof SSLException) {
                return new LoginOutcome.NetworkError("the TLS handshake with " + host + " failed.");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (failure instanceof ConnectException) {
            return new LoginOutcome.ConnectionRefused(host + ":" + port);
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new LoginOutcome.NetworkError(reason.length() > 200 ? reason.substring(0, 200) : reason);
    }
}
