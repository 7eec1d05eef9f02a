package io.qodex.app.shell;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A project-scoped route {@code /p/{slug}[/{section}]}; an absent section means the project's default one. */
public record Route(String slug, Optional<Section> section) {

    private static final Pattern SHAPE = Pattern.compile("^/p/([a-z0-9][a-z0-9-]{1,62})(?:/([a-z-]+))?/?$");

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
        return Section.ofCode(matcher.group(2)).map(section -> new Route(matcher.group(1), Optional.of(section)));
    }

    /**
     * Why a text is not a route, naming what is wrong: an unknown section is named with the sections there are; any
     * other text gets the shape of a route and an example.
     */
    public static String problem(String text, java.util.List<Section> sections) {
        String shown = text == null ? "" : text.strip();
        String codes = sections.stream().map(Section::code).collect(java.util.stream.Collectors.joining(", "));
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

    @Override
    public String toString() {
        return "/p/" + slug + section.map(s -> "/" + s.code()).orElse("");
    }
}
