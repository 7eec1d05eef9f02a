package io.qodex.app.adapters.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Sleeper;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.llm.ChatModelClient;
import io.qodex.domain.llm.GatewaySettings;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.TokenUsage;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Streaming chat completions with the OpenAI Java SDK (F10, F11): one OkHttp client per process, the key of each call
 * set per call ({@code withOptions}), explicit timeouts (connect 10 s; read and whole call: the gateway's call
 * timeout) and retries, {@code stream_options.include_usage} so the final usage arrives with the stream.
 * Cancelling cancels the OkHttp call of the current attempt (thread-safe, unlike closing the stream from another
 * thread): an interceptor hands each attempt's {@code Call} to the cancel signal of the thread making it, and counts
 * the attempts, so that a call that failed after retries says how often it was tried. The SDK retries 408, 409, 429,
 * 5xx and connection errors (never another 4xx), pausing as the answer's {@code Retry-After(-Ms)} says (at most 8 s)
 * or with exponential backoff; the pause is the {@link Sleeper}'s (tests pass one that does not wait).
 */
public final class OpenAiChatClient implements ChatModelClient, AutoCloseable {

    private static final Duration CONNECT = Duration.ofSeconds(10);
    /** The call the current thread is making (interceptors run on the calling thread). */
    private static final ThreadLocal<Attempts> CURRENT = new ThreadLocal<>();

    private final OpenAIClient client;
    private final String baseUrl;

    public OpenAiChatClient(String baseUrl, GatewaySettings settings) {
        this(baseUrl, settings, null);
    }

    /** With {@code retryPause} making the pauses between attempts (null: real waiting; tests pass one that does not). */
    public OpenAiChatClient(String baseUrl, GatewaySettings settings, @Nullable Sleeper retryPause) {
        this.baseUrl = baseUrl;
        Duration connect = settings.callTimeout().compareTo(CONNECT) < 0 ? settings.callTimeout() : CONNECT;
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("no-key") // every call sets its own
                .maxRetries(settings.maxRetries())
                .addInterceptor(chain -> {
                    Attempts attempts = CURRENT.get();
                    if (attempts != null) {
                        attempts.count++;
                        attempts.signal.onCancel(chain.call()::cancel);
                    }
                    return chain.proceed(chain.request());
                })
                .timeout(Timeout.builder().connect(connect).read(settings.callTimeout()).write(settings.callTimeout())
                        .request(settings.callTimeout()).build());
        builder.sleeper(new RetryPause(retryPause));
        this.client = builder.build();
    }

    /**
     * The pause before a retry: none once the call was stopped, and stopping the call ends a pause at once (the SDK's
     * own pause would keep the worker thread asleep, up to 8 s an attempt, for attempts it then cannot send).
     */
    private static final class RetryPause implements Sleeper {
        private final @Nullable Sleeper delegate;

        RetryPause(@Nullable Sleeper delegate) {
            this.delegate = delegate;
        }

        @Override
        public void sleep(Duration duration) {
            Attempts attempts = CURRENT.get();
            if (attempts != null && attempts.signal.cancelled()) {
                return;
            }
            if (delegate != null) {
                delegate.sleep(duration);
                return;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            if (attempts != null) {
                attempts.signal.onCancel(stopped::countDown);
            }
            try {
                stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration duration) {
            if (delegate != null) {
                return delegate.sleepAsync(duration);
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void close() {
            if (delegate != null) {
                delegate.close();
            }
        }
    }

    /** The attempts of one call on the calling thread. */
    private static final class Attempts {
        final CancelSignal signal;
        int count;

        Attempts(CancelSignal signal) {
            this.signal = signal;
        }

        /** " (after 3 attempts)" when the call was retried, else nothing. */
        String suffix() {
            return count > 1 ? " (after " + count + " attempts)" : "";
        }
    }

    @Override
    public Reply stream(Request request, Secret key, Consumer<String> deltas, CancelSignal cancel) throws ProviderFailure {
        OpenAIClient withKey = client.withOptions(options -> options.apiKey(key.reveal()));
        ChatCompletionCreateParams params = params(request);
        Optional<TokenUsage> usage = Optional.empty();
        String finish = "";
        Attempts attempts = new Attempts(cancel);
        CURRENT.set(attempts);
        try (StreamResponse<ChatCompletionChunk> stream = withKey.chat().completions().createStreaming(params)) {
            try (Stream<ChatCompletionChunk> chunks = stream.stream()) {
                Iterator<ChatCompletionChunk> it = chunks.iterator();
                while (it.hasNext()) {
                    ChatCompletionChunk chunk = it.next();
                    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                        choice.delta().content().filter(text -> !text.isEmpty()).ifPresent(deltas);
                        if (choice.finishReason().isPresent()) {
                            finish = choice.finishReason().get().asString();
                        }
                    }
                    if (chunk.usage().isPresent()) {
                        usage = Optional.of(tokens(chunk.usage().get()));
                    }
                }
            }
        } catch (OpenAIServiceException e) {
            throw new ProviderFailure(outcome(e.statusCode()), OpenAiKeyValidator.describe(e) + attempts.suffix(), e);
        } catch (OpenAIIoException e) {
            if (cancel.cancelled()) {
                throw new ProviderFailure(CallOutcome.CANCELLED, "Cancelled.", e);
            }
            boolean timeout = causedBy(e, SocketTimeoutException.class) || causedBy(e, InterruptedIOException.class);
            throw new ProviderFailure(timeout ? CallOutcome.TIMEOUT : CallOutcome.ERROR, (timeout
                    ? "No answer from " + baseUrl + " in time (" + OpenAiKeyValidator.rootMessage(e) + ")"
                    : OpenAiKeyValidator.rootMessage(e) + " (" + baseUrl + ")") + attempts.suffix() + (timeout ? "." : ""), e);
        } catch (RuntimeException e) {
            if (cancel.cancelled()) {
                throw new ProviderFailure(CallOutcome.CANCELLED, "Cancelled.", e);
            }
            throw new ProviderFailure(CallOutcome.ERROR, OpenAiKeyValidator.rootMessage(e), e);
        } finally {
            CURRENT.remove();
        }
        if (cancel.cancelled()) {
            throw new ProviderFailure(CallOutcome.CANCELLED, "Cancelled.", null);
        }
        return new Reply(usage, finish);
    }

    static ChatCompletionCreateParams params(Request request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model())
                .maxCompletionTokens(request.maxOutputTokens())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        for (LlmMessage message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> params.addSystemMessage(message.content());
                case USER -> params.addUserMessage(message.content());
                case ASSISTANT -> params.addAssistantMessage(message.content());
            }
        }
        return params.build();
    }

    static TokenUsage tokens(CompletionUsage usage) {
        long cached = usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
        return new TokenUsage(usage.promptTokens(), usage.completionTokens(), cached);
    }

    static CallOutcome outcome(int status) {
        return switch (status) {
            case 401, 403 -> CallOutcome.AUTH_FAILED;
            case 429 -> CallOutcome.RATE_LIMITED;
            case 408, 504 -> CallOutcome.TIMEOUT;
            default -> CallOutcome.ERROR;
        };
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
