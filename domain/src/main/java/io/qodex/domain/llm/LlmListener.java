package io.qodex.domain.llm;

import java.util.Optional;

/**
 * Hears a call as it happens, on the gateway's worker thread (a view model hands each event to the FX thread).
 * Every method is optional.
 */
public interface LlmListener {

    LlmListener NONE = new LlmListener() {
    };

    /** The call was admitted and is being sent with this funding; {@code warning} when a cap is at 80 % or more. */
    default void admitted(Funding funding, Optional<Admission.CapWarning> warning) {
    }

    /** The next piece of the answer, as it streams in. */
    default void delta(String text) {
    }
}
