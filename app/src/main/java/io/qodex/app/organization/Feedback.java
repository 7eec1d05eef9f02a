package io.qodex.app.organization;

/** What a dialog's message line says after a command: a confirmation, a refusal ({@code problem}), or nothing. */
public record Feedback(String text, boolean problem) {

    public static final Feedback NONE = new Feedback("", false);

    public static Feedback done(String text) {
        return new Feedback(text, false);
    }

    public static Feedback refused(String text) {
        return new Feedback(text, true);
    }
}
