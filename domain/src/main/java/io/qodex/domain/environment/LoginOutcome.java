package io.qodex.domain.environment;

import io.qodex.domain.common.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * What an HTTP login did (F7 "Test login"): the token with status and latency, or exactly why not. Messages never
 * contain a secret; body excerpts have every secret sent in the request blanked out.
 */
public sealed interface LoginOutcome {

    /** A sentence for the operator. */
    String message();

    /** The round trip, when the server answered. */
    default Optional<Duration> latency() {
        return Optional.empty();
    }

    /** The token, extracted with the token path. The receiver closes it. */
    record Success(int status, Duration elapsed, Secret token) implements LoginOutcome {
        @Override
        public String message() {
            return "Logged in: HTTP " + status + " in " + elapsed.toMillis() + " ms, token " + Masks.lastFour(token)
                    + ".";
        }

        @Override
        public Optional<Duration> latency() {
            return Optional.of(elapsed);
        }

        @Override
        public String toString() {
            return "Success[" + status + ", " + elapsed.toMillis() + " ms]";
        }
    }

    /** Every way a login can fail. */
    sealed interface Failure extends LoginOutcome {
    }

    /** The login cannot be sent as configured: a variable that does not resolve, a bare path, no login set up. */
    record InvalidConfig(String reason) implements Failure {
        @Override
        public String message() {
            return reason;
        }
    }

    /** The server answered with a status other than 2xx. */
    record HttpError(int status, Duration elapsed, String bodyExcerpt) implements Failure {
        @Override
        public String message() {
            return "The login answered HTTP " + status + (bodyExcerpt.isBlank() ? "." : ": " + bodyExcerpt);
        }

        @Override
        public Optional<Duration> latency() {
            return Optional.of(elapsed);
        }
    }

    /** The answer is not a JSON document (wrong content type, or does not parse). */
    record NotJson(int status, Duration elapsed, String contentType, String bodyExcerpt) implements Failure {
        @Override
        public String message() {
            return "The login answer is not JSON (HTTP " + status + ", content type "
                    + (contentType.isBlank() ? "none" : contentType) + ")"
                    + (bodyExcerpt.isBlank() ? "." : ": " + bodyExcerpt);
        }

        @Override
        public Optional<Duration> latency() {
            return Optional.of(elapsed);
        }
    }

    /** The answer has no body at all. */
    record EmptyBody(int status, Duration elapsed) implements Failure {
        @Override
        public String message() {
            return "The login answered HTTP " + status + " with an empty body: there is no token to read.";
        }

        @Override
        public Optional<Duration> latency() {
            return Optional.of(elapsed);
        }
    }

    /** The token path matched nothing in the JSON answer. */
    record PathMatchedNothing(String tokenPath, Duration elapsed) implements Failure {
        @Override
        public String message() {
            return "The token path " + tokenPath + " matched nothing in the login answer.";
        }

        @Override
        public Optional<Duration> latency() {
            return Optional.of(elapsed);
        }
    }

    /** The token path matched something that is not a non-empty text (an object, a list, a number, null). */
    record NotAToken(String tokenPath, String found, Duration elapsed) implements Failure {
        @Override
        public String message() {
            return "The token path " + tokenPath + " matched " + found + ", not a text token.";
        }

        @Override
        public Optional<Duration> latency() {
            return Optional.of(elapsed);
        }
    }

    /** The token path is not valid JSONPath. */
    record InvalidPath(String tokenPath, String reason) implements Failure {
        @Override
        public String message() {
            return "The token path " + tokenPath + " is not valid JSONPath: " + reason;
        }
    }

    /** No (complete) answer within the timeout. */
    record Timeout(Duration timeout) implements Failure {
        @Override
        public String message() {
            return "The login did not answer within " + timeout.toMillis() + " ms (timeout).";
        }
    }

    /** Nothing listens at the address. */
    record ConnectionRefused(String address) implements Failure {
        @Override
        public String message() {
            return "Connection refused by " + address + ": is the server running, and is the URL right?";
        }
    }

    /** The host name does not resolve. */
    record UnknownHost(String host) implements Failure {
        @Override
        public String message() {
            return "Unknown host " + host + ": check the URL.";
        }
    }

    /** Any other network failure (TLS, reset connection …). */
    record NetworkError(String reason) implements Failure {
        @Override
        public String message() {
            return "The login request failed: " + reason;
        }
    }
}
