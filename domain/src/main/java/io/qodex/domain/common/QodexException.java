package io.qodex.domain.common;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one exception the domain speaks: a sentence a person can act on, the kind of problem, and optionally the
 * field it concerns. Messages never contain secrets. Caught once at the UI or CLI edge.
 */
public class QodexException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Problem problem;
    private final @Nullable String field;

    public QodexException(Problem problem, String message) {
        this(problem, null, message, null);
    }

    public QodexException(Problem problem, @Nullable String field, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.field = field;
    }

    public static QodexException invalid(String field, String message) {
        return new QodexException(Problem.INVALID_INPUT, field, message, null);
    }

    public static QodexException invalid(String message) {
        return new QodexException(Problem.INVALID_INPUT, message);
    }

    public static QodexException notFound(String message) {
        return new QodexException(Problem.NOT_FOUND, message);
    }

    public static QodexException notAllowed(String message) {
        return new QodexException(Problem.NOT_ALLOWED, message);
    }

    public static QodexException conflict(String message) {
        return new QodexException(Problem.CONFLICT, message);
    }

    public static QodexException unavailable(String message, @Nullable Throwable cause) {
        return new QodexException(Problem.UNAVAILABLE, null, message, cause);
    }

    public static QodexException integrity(String message) {
        return new QodexException(Problem.INTEGRITY, message);
    }

    public Problem problem() {
        return problem;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
