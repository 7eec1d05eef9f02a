package io.qodex.app.shell;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A project-scoped route {@code /p/{slug}[/{section}[/{detail}…]]}; an absent section means the project's default one.
 * The detail is what the page had selected (an environment and its tab, a scenario), percent-encoded segments, so a
 * route can be copied and opened again: {@code /p/shop/environments/QA%20staging/variables}.
 */
public record Route(String slug, Optional<Section> section, List<String> detail) {

    /** At most this many detail segments, of at most 200 characters each (names are shorter). */
    private static final int MAX_DETAIL = 4;
    private static final Pattern SHAPE = Pattern.compile(
            "^/p/([a-z0-9][a-z0-9-]{1,62})(?:/([a-z-]+)((?:/[^/\\s]{1,600}){0," + MAX_DETAIL + "}))?/?$");

    public Route {
        detail = List.copyOf(detail);
    }

    public Route(String slug, Optional<Section> section) {
        this(slug, section, List.of());
    }

    public static Optional<Route> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        if (matcher.group(2) == null) {
            return Optional.of(new Route(matcher.group(1), Optional.empty()));
        }
        Optional<List<String>> detail = decode(matcher.group(3));
        if (detail.isEmpty()) {
            return Optional.empty();
        }
        return Section.ofCode(matcher.group(2))
                .map(section -> new Route(matcher.group(1), Optional.of(section), detail.get()));
    }

    /**
     * Why a text is not a route, naming what is wrong: an unknown section is named with the sections there are; any
     * other text gets the shape of a route and an example.
     */
    public static String problem(String text, List<Section> sections) {
        String shown = text == null ? "" : text.strip();
        String codes = sections.stream().map(Section::code).collect(Collectors.joining(", "));
        Matcher matcher = SHAPE.matcher(shown);
        if (matcher.matches() && matcher.group(2) != null && Section.ofCode(matcher.group(2)).isEmpty()) {
            return "\"" + matcher.group(2) + "\" is not a section of a project. The sections are: " + codes + ".";
        }
        String example = sections.isEmpty() ? "environments" : sections.get(0).code();
        return "\"" + shown + "\" is not a route. Routes look like /p/<project>/<section>, e.g. /p/shop/" + example
                + "; the sections are: " + codes + ".";
    }

    public static String of(String slug, Section section) {
        return "/p/" + slug + "/" + section.code();
    }

    /** The route of a section with what its page selected: {@code /p/shop/environments/QA%20staging/variables}. */
    public static String of(String slug, Section section, List<String> detail) {
        return of(slug, section) + detail.stream().filter(part -> !part.isEmpty())
                .map(part -> "/" + segment(part)).collect(Collectors.joining());
    }

    /** Percent-encoded, except what a path segment may hold as it is (RFC 3986 pchar): "Catalogue:%20list%20(2)". */
    private static String segment(String part) {
        String encoded = URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
        for (String kept : new String[] {":", "@", "(", ")", ",", "!", "'", "$", ";", "="}) {
            encoded = encoded.replace(URLEncoder.encode(kept, StandardCharsets.UTF_8), kept);
        }
        return encoded;
    }

    private static Optional<List<String>> decode(String segments) {
        if (segments == null || segments.isEmpty()) {
            return Optional.of(List.of());
        }
        try {
            List<String> parts = Arrays.stream(segments.substring(1).split("/"))
                    .map(part -> URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
            return parts.stream().allMatch(part -> part.length() <= 200 && part.chars().noneMatch(Character::isISOControl))
                    ? Optional.of(parts) : Optional.empty();
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return section.map(s -> of(slug, s, detail)).orElse("/p/" + slug);
    }
}
