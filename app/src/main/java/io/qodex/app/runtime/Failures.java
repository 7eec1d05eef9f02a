package io.qodex.app.runtime;

import io.qodex.domain.common.QodexException;
import io.qodex.persistence.session.SqlErrors;

/**
 * The UI's and the CLI's one way to turn any failure into a sentence: a {@link QodexException} as it is, anything
 * else (a database or network error that escaped its adapter) translated here, at the composition root.
 */
public final class Failures {

    private Failures() {
    }

    public static QodexException of(Throwable failure) {
        return failure instanceof QodexException problem ? problem : SqlErrors.translate(failure);
    }
}
