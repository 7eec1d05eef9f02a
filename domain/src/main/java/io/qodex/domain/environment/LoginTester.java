package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a profile's HTTP login: resolves the configuration (the URL must be absolute after substitution), sends it
 * through the {@link HttpLoginClient} and blanks every secret it sent out of the answer's excerpt.
 */
public final class LoginTester {

    public static final int EXCERPT_LENGTH = 200;

    private final HttpLoginClient client;
    private final Duration timeout;

    public LoginTester(HttpLoginClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public LoginOutcome run(EnvironmentSpec spec, EnvironmentSpec.ProfileSpec profile, Bindings.StoredSecrets stored) {
        if (profile.apiLogin().isEmpty()) {
            return new LoginOutcome.InvalidConfig("The profile " + profile.name() + " has no HTTP login set up.");
        }
        ApiLoginConfig login = profile.apiLogin().get();
        String of = " of profile " + profile.name();
        try (VariableResolver resolver = new VariableResolver(Bindings.of(spec, Optional.of(profile), stored), true)) {
            ResolvedText url = resolver.resolve(login.url(), VariableResolver.Target.TEXT, "the login URL" + of);
            String urlProblem = DraftChecker.absoluteUrlProblem(url.value());
            if (urlProblem != null) {
                return new LoginOutcome.InvalidConfig(urlProblem);
            }
            List<LoginHeader> headers = new ArrayList<>();
            for (LoginHeader header : login.headers()) {
                ResolvedText value = resolver.resolve(header.value(), VariableResolver.Target.TEXT,
                        "the header " + header.name() + of);
                if (LoginHeader.valueProblem(value.value()) != null) {
                    return new LoginOutcome.InvalidConfig("The header " + header.name() + of
                            + " is too long or contains a line break after substitution.");
                }
                headers.add(new LoginHeader(header.name(), value.value()));
            }
            if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Content-Type"))) {
                headers.add(LoginHeader.contentTypeJson());
            }
            ResolvedText body = resolver.resolve(login.body(),
                    login.jsonBody() ? VariableResolver.Target.JSON : VariableResolver.Target.TEXT,
                    "the login body" + of);
            LoginRequest request = new LoginRequest(login.method(), URI.create(url.value()), headers, body.value(),
                    login.tokenPath(), timeout);
            return redacted(client.send(request), resolver);
        } catch (QodexException e) {
            return new LoginOutcome.InvalidConfig(e.getMessage());
        } catch (IllegalArgumentException e) {
            return new LoginOutcome.InvalidConfig("The login URL" + of + " is not a valid URL after substitution.");
        }
    }

    private static LoginOutcome redacted(LoginOutcome outcome, VariableResolver resolver) {
        if (outcome instanceof LoginOutcome.HttpError error) {
            return new LoginOutcome.HttpError(error.status(), error.elapsed(), excerpt(error.bodyExcerpt(), resolver));
        }
        if (outcome instanceof LoginOutcome.NotJson notJson) {
            return new LoginOutcome.NotJson(notJson.status(), notJson.elapsed(), notJson.contentType(),
                    excerpt(notJson.bodyExcerpt(), resolver));
        }
        if (outcome instanceof LoginOutcome.NetworkError error) {
            return new LoginOutcome.NetworkError(excerpt(error.reason(), resolver));
        }
        return outcome;
    }

    /** Redacts first (a cut could split a secret), then collapses whitespace and shortens. */
    static String excerpt(String raw, VariableResolver resolver) {
        String clean = resolver.redact(raw).replaceAll("\\s+", " ").strip();
        StringBuilder shown = new StringBuilder();
        clean.codePoints().filter(cp -> !Character.isISOControl(cp)).limit(EXCERPT_LENGTH)
                .forEach(shown::appendCodePoint);
        return shown.length() < clean.length() ? shown + "…" : shown.toString();
    }
}
