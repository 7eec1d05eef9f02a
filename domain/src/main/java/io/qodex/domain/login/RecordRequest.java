package io.qodex.domain.login;

import java.util.Optional;

/**
 * What to record: the visible browser opens {@code startUrl}; URLs under {@code baseUrl} are written as
 * {@code ${baseUrl}…}; a typed value equal to {@code authEmail} (ignoring case and surrounding blanks) is written as
 * {@code ${authEmail}}. Values typed into password fields are always written as {@code ${authPassword}}.
 */
public record RecordRequest(String startUrl, String baseUrl, Optional<String> authEmail) {

    /** Records from the environment's base URL. */
    public static RecordRequest atBaseUrl(String baseUrl, Optional<String> authEmail) {
        return new RecordRequest(baseUrl, baseUrl, authEmail);
    }
}
