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

    public static String of(String slug, Section section) {
        return "/p/" + slug + "/" + section.code();
    }

    @Override
    public String toString() {
        return "/p/" + slug + section.map(s -> "/" + s.code()).orElse("");
    }
}
