package io.qodex.domain.llm;

import java.util.regex.Pattern;

/** Removes anything shaped like a provider key from text that may be shown or stored (provider error messages). */
public final class KeyRedaction {

    private static final Pattern KEY = Pattern.compile("(sk-[A-Za-z0-9_*-]{0,8})[A-Za-z0-9_*-]{8,}");

    private KeyRedaction() {
    }

    public static String redact(String text) {
        return KEY.matcher(text).replaceAll("sk-…");
    }
}
