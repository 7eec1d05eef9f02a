package io.qodex.domain.llm;

import io.qodex.domain.common.QodexException;
import java.util.Locale;

/** F9 providers: OpenAI is live; Anthropic and Google are known but planned. */
public enum LlmProvider {
    OPENAI("OpenAI", true),
    ANTHROPIC("Anthropic", false),
    GOOGLE("Google", false);

    private final String label;
    private final boolean live;

    LlmProvider(String label, boolean live) {
        this.label = label;
        this.live = live;
    }

    public String label() {
        return label;
    }

    public boolean live() {
        return live;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LlmProvider parse(String raw) {
        String code = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        for (LlmProvider provider : values()) {
            if (provider.code().equals(code)) {
                return provider;
            }
        }
        throw QodexException.invalid("provider", "Unknown provider \"" + raw + "\": use openai (anthropic and google are planned).");
    }

    /** Refuses planned providers with a clear sentence. */
    public LlmProvider requireLive() {
        if (!live) {
            throw QodexException.invalid("provider", label + " keys are planned but not supported yet: only OpenAI keys "
                    + "can be used today.");
        }
        return this;
    }
}
