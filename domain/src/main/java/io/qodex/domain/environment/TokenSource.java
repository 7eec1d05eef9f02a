package io.qodex.domain.environment;

/** Where a token came from, in the order of precedence (F7). */
public enum TokenSource {
    STATIC_TOKEN("static token"),
    CACHE("cached token"),
    HTTP_LOGIN("HTTP login"),
    UI_LOGIN("UI login");

    private final String label;

    TokenSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
