package io.qodex.domain.llm;

import java.util.Locale;

/** Who pays for an LLM call (F10). Only platform-funded traffic counts against the caps. */
public enum Funding {
    BYOK,
    PLATFORM,
    CODEX_POOL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean capped() {
        return this == PLATFORM;
    }

    public static Funding parse(String code) {
        return valueOf(code.strip().toUpperCase(Locale.ROOT));
    }
}
