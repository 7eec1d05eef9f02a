package io.qodex.domain.login;

/** The outcome of a recording: the steps (ending with a wait for the URL reached), or why none could be recorded. */
public sealed interface RecordingResult {

    record Recorded(LoginScript script) implements RecordingResult {
    }

    record Failed(FailureKind kind, String reason) implements RecordingResult {
    }
}
