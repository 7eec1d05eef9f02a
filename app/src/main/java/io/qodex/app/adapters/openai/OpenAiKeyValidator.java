package io.qodex.app.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.KeyCheck;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.ProviderKeyValidator;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks an OpenAI key with {@code models().list()}: no retries, short timeouts, base URL from settings (default
 * the provider's, {@code QODEX_OPENAI_BASE_URL} for tests and proxies). Never logs the key.
 */
public final class OpenAiKeyValidator implements ProviderKeyValidator {

    private final String baseUrl;
    private final Duration timeout;

    public OpenAiKeyValidator(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    @Override
    public KeyCheck check(LlmProvider provider, Secret key) {
        provider.requireLive();
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey(key.reveal())
                .maxRetries(0)
                .timeout(timeout)
                .build();
        try {
            client.models().list();
            return new KeyCheck.Valid();
        } catch (OpenAIServiceException e) {
            return new KeyCheck.Rejected(e.statusCode(), describe(e));
        } catch (OpenAIIoException e) {
            return new KeyCheck.Unreachable(reason(e) + ", " + baseUrl);
        } finally {
            client.close();
        }
    }

    /** "401 invalid_api_key: Incorrect API key provided." — status, code and the provider's own message. */
    static String describe(OpenAIServiceException e) {
        String code = e.code().or(e::type).orElse("");
        Optional<String> message = errorMessage(e.body());
        return e.statusCode() + (code.isEmpty() ? "" : " " + code) + ": " + message.orElse(String.valueOf(e.getMessage()));
    }

    private static Optional<String> errorMessage(JsonValue body) {
        try {
            JsonNode node = body.convert(JsonNode.class);
            JsonNode message = node == null ? null : node.path("error").path("message");
            if (message != null && message.isTextual()) {
                return Optional.of(message.asText());
            }
            return node != null && node.path("message").isTextual() ? Optional.of(node.path("message").asText())
                    : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** Why the provider could not be reached, in words: "network: unknown host api.openai.com", "timed out", … */
    private String reason(Throwable failure) {
        Throwable root = root(failure);
        if (root instanceof java.net.UnknownHostException) {
            return "network: unknown host " + root.getMessage();
        }
        if (root instanceof java.net.ConnectException) {
            return "network: connection refused";
        }
        if (root instanceof java.io.InterruptedIOException) {
            return "network: no answer within " + timeout.toSeconds() + " s";
        }
        String kind = root.getClass().getSimpleName();
        return "network: " + (root.getMessage() == null ? kind : kind + ": " + root.getMessage());
    }

    private static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = root(failure);
        String kind = root.getClass().getSimpleName();
        return root.getMessage() == null ? kind : kind + ": " + root.getMessage();
    }
}
