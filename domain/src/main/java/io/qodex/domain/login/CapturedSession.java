package io.qodex.domain.login;

import io.qodex.domain.common.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * What a successful replay captured: Playwright's storageState JSON (cookies, localStorage and IndexedDB where
 * supported) and any bearer token seen in request headers after login, both as {@link Secret}s; the capture time,
 * the earliest expiry among the cookies that have one, the number of cookies, the URL reached (without query or
 * fragment) and a screenshot of the final page. Store it only through the project secrets service. {@link #close()}
 * wipes the secrets.
 */
public record CapturedSession(Secret storageState, Instant capturedAt, Optional<Instant> earliestCookieExpiry,
                              int cookieCount, Optional<Secret> bearerToken, String finalUrl, Screenshot screenshot)
        implements AutoCloseable {

    /** The part that is kept: state, token, capture time and expiry (copies; the caller closes both). */
    public StoredSession toStored() {
        return new StoredSession(storageState.copy(), capturedAt, earliestCookieExpiry, bearerToken.map(Secret::copy));
    }

    @Override
    public void close() {
        storageState.close();
        bearerToken.ifPresent(Secret::close);
    }

    @Override
    public String toString() {
        return "CapturedSession[capturedAt=" + capturedAt + ", earliestCookieExpiry=" + earliestCookieExpiry
                + ", cookies=" + cookieCount + ", bearerToken=" + (bearerToken.isPresent() ? "****" : "none")
                + ", finalUrl=" + finalUrl + ", " + screenshot + "]";
    }
}
