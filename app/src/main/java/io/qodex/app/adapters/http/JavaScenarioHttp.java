package io.qodex.app.adapters.http;

import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.scenario.ScenarioHttp;
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
import java.util.Map;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Scenario steps over java.net.http (HTTP/1.1): one client per workspace (connections are reused between steps), one
 * attempt per request, no redirects followed (a step sees the 3xx it got), bodies read up to 1 MB, Stop interrupts the request in flight. Logs nothing:
 * requests and answers carry credentials.
 */
public final class JavaScenarioHttp implements ScenarioHttp {

    static final int MAX_BODY = 1_000_000;

    /**
     * The JDK's HTTP client sends a GET again by itself when its connection closed before the answer: two arrivals
     * under one pacer permit. One attempt per request (redirects are not followed anyway); set before the client's
     * classes load, so the composition root and {@code Launcher} name it too.
     */
    public static final String ONE_ATTEMPT = "jdk.httpclient.redirects.retrylimit";

    /** With one attempt, a refused connection must not count as a retry either, or it reads "Too many retries". */
    public static final String NO_CONNECT_RETRY = "jdk.httpclient.disableRetryConnect";

    static {
        oneAttempt();
    }

    /** Sets both properties unless someone chose otherwise; call before any HTTP client class loads. */
    public static void oneAttempt() {
        if (System.getProperty(ONE_ATTEMPT) == null) {
            System.setProperty(ONE_ATTEMPT, "1");
        }
        if (System.getProperty(NO_CONNECT_RETRY) == null) {
            System.setProperty(NO_CONNECT_RETRY, "true");
        }
    }

    private final Duration connectTimeout;
    private @Nullable HttpClient client;

    public JavaScenarioHttp(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                    .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade headers on plain http
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    @Override
    public Answer send(Outgoing request, CancelSignal cancel) {
        HttpRequest httpRequest;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(request.url()).timeout(request.timeout());
            for (Map.Entry<String, String> header : request.headers()) {
                builder.header(header.getKey(), header.getValue());
            }
            if (request.body().isEmpty() && request.method().equals("GET")) {
                builder.GET(); // no body and no "Content-Length: 0" on the most common step
            } else {
                builder.method(request.method(), request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body().get(), StandardCharsets.UTF_8));
            }
            httpRequest = builder.build();
        } catch (IllegalArgumentException e) {
            return new Answer.Failure("The request cannot be sent: a header is one that the HTTP client sets itself "
                    + "(Host, Connection, Content-Length, Expect, Upgrade) or its name or value is not allowed.");
        }
        long start = System.nanoTime();
        HttpResponse<LimitedBody.Bytes> response;
        Stopper stopper = new Stopper(Thread.currentThread());
        cancel.onCancel(stopper::stop);
        try {
            // send, not sendAsync: the blocking call completes on this thread; sendAsync hands the answer over
            // through the client's executor, which tripled the time per request on a local server (benchmarks.md)
            response = client().send(httpRequest, info -> new LimitedBody(MAX_BODY));
        } catch (HttpTimeoutException e) {
            return new Answer.Failure("No answer within " + request.timeout().toSeconds() + " s.");
        } catch (InterruptedException e) {
            return new Answer.Failure("Stopped while waiting for the answer.");
        } catch (IOException e) {
            return failure(request, e);
        } finally {
            stopper.done();
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        return new Answer.Response(response.statusCode(), response.headers().map(),
                new String(response.body().data(), StandardCharsets.UTF_8), response.body().truncated(), latency);
    }

    /** Interrupts the sending thread when Stop comes while the request is in flight, and only then. */
    private static final class Stopper {
        private final Thread sender;
        private boolean sending = true;
        private boolean interrupted;

        Stopper(Thread sender) {
            this.sender = sender;
        }

        synchronized void stop() {
            if (sending) {
                interrupted = true;
                sender.interrupt();
            }
        }

        synchronized void done() {
            sending = false;
            if (interrupted) {
                Thread.interrupted(); // ours, not the caller's: clear it
            }
        }
    }

    private static Answer failure(Outgoing request, Throwable failure) {
        String host = request.url().getHost();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new Answer.Failure("The host " + host + " is unknown.");
            }
            if (t instanceof HttpTimeoutException) {
                return new Answer.Failure("No answer within " + request.timeout().toSeconds() + " s.");
            }
            if (t instanceof SSLException) {
                return new Answer.Failure("The TLS handshake with " + host + " failed.");
            }
            if (t instanceof ConnectException) {
                return new Answer.Failure("Nothing answers at " + request.url().getAuthority() + " (connection refused).");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if ("Too many retries".equals(failure.getMessage())) {
            return new Answer.Failure("The connection closed before the answer came; the request was not sent again "
                    + "(each step is sent once).");
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new Answer.Failure("The request failed: " + (reason.length() > 200 ? reason.substring(0, 200) : reason));
    }
}
