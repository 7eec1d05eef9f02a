package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${name}} in URLs, headers and bodies (F6, decision 0004). Names are the built-in variables (and
 * their SCREAMING_SNAKE twins) and custom variables; plain custom values may refer to other variables, secret values
 * are literals. {@code $${} writes a literal {@code ${}. Into a JSON body every substituted value is JSON-escaped.
 * An unknown, malformed or cyclic reference is an INVALID_INPUT {@link QodexException} naming it; no message ever
 * contains a value. Opened secrets are wiped by {@link #close()}.
 */
public final class VariableResolver implements AutoCloseable {

    /** Where a template goes: plain text (URLs, headers) or inside a JSON document. */
    public enum Target { TEXT, JSON }

    public static final int MAX_OUTPUT = 1_000_000;
    public static final int MAX_DEPTH = 64;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private record Piece(String value, String masked, boolean secret) {
        @Override
        public String toString() {
            return masked;
        }
    }

    private final Map<String, Binding> bindings;
    private final boolean openSecrets;
    private final boolean lastFour;
    private final Map<String, Piece> resolved = new HashMap<>();
    private final List<Secret> opened = new ArrayList<>();

    /**
     * @param openSecrets false for previews and checks that must not open secrets: a secret then resolves to its
     *                    mask in both the value and the masked text
     */
    public VariableResolver(Map<String, Binding> bindings, boolean openSecrets) {
        this(bindings, openSecrets, true);
    }

    /**
     * @param lastFour false where the masked text is shown to people who hold no key (stored run results): every
     *                 secret is then masked as {@value Masks#STORED} without its last four characters
     */
    public VariableResolver(Map<String, Binding> bindings, boolean openSecrets, boolean lastFour) {
        this.bindings = Map.copyOf(bindings);
        this.openSecrets = openSecrets;
        this.lastFour = lastFour;
    }

    /**
     * Resolves a template. {@code where} names it in error messages, e.g. "the login URL of profile admin".
     */
    public ResolvedText resolve(String template, Target target, String where) {
        Piece piece = expand(template, where, new LinkedHashMap<>(), target == Target.JSON);
        return new ResolvedText(piece.value(), piece.masked(), piece.secret());
    }

    /** The names a template refers to (in order, without duplicates); malformed references are errors. */
    public static List<String> references(String template, String where) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("$${", i)) {
                i += 3;
            } else if (template.startsWith("${", i)) {
                int close = closing(template, i, where);
                String name = template.substring(i + 2, close);
                checkName(name, where);
                if (!names.contains(name)) {
                    names.add(name);
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return names;
    }

    private Piece expand(String text, String where, LinkedHashMap<String, Boolean> stack, boolean escapeJson) {
        StringBuilder value = new StringBuilder();
        StringBuilder masked = new StringBuilder();
        boolean secret = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                value.append("${");
                masked.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = closing(text, i, where);
                String name = text.substring(i + 2, close);
                checkName(name, where);
                Piece piece = lookup(name, where, stack);
                value.append(escapeJson ? JsonEscape.escape(piece.value()) : piece.value());
                masked.append(escapeJson ? JsonEscape.escape(piece.masked()) : piece.masked());
                secret |= piece.secret();
                i = close + 1;
            } else {
                int next = text.indexOf('$', i + 1);
                int end = next < 0 ? text.length() : next;
                value.append(text, i, end);
                masked.append(text, i, end);
                i = end;
            }
            if (value.length() > MAX_OUTPUT || masked.length() > MAX_OUTPUT) {
                throw QodexException.invalid("The resolved " + where + " is longer than " + MAX_OUTPUT
                        + " characters; check what its variables refer to.");
            }
        }
        return new Piece(value.toString(), masked.toString(), secret);
    }

    private Piece lookup(String name, String where, LinkedHashMap<String, Boolean> stack) {
        Binding binding = bindings.get(name);
        if (binding == null) {
            throw QodexException.invalid("Unknown variable ${" + name + "} in " + where + ".");
        }
        Piece done = resolved.get(name);
        if (done != null) {
            return done;
        }
        Piece piece;
        if (binding instanceof Binding.Literal literal) {
            piece = new Piece(literal.value(), literal.value(), false);
        } else if (binding instanceof Binding.SecretValue secretValue) {
            piece = openSecret(secretValue);
        } else if (binding instanceof Binding.Template template) {
            piece = expandVariable(name, template.text(), stack);
        } else {
            throw QodexException.invalid(((Binding.Unavailable) binding).reason());
        }
        resolved.put(name, piece);
        return piece;
    }

    private Piece expandVariable(String name, String text, LinkedHashMap<String, Boolean> stack) {
        if (stack.containsKey(name)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String onStack : stack.keySet()) {
                inCycle |= onStack.equals(name);
                if (inCycle) {
                    cycle.add(onStack);
                }
            }
            cycle.add(name);
            throw QodexException.invalid("The variables " + String.join(" → ", cycle)
                    + " refer to each other in a cycle.");
        }
        if (stack.size() >= MAX_DEPTH) {
            throw QodexException.invalid("The variable " + name + " is nested more than " + MAX_DEPTH
                    + " references deep.");
        }
        stack.put(name, Boolean.TRUE);
        try {
            return expand(text, "variable " + name, stack, false);
        } finally {
            stack.remove(name);
        }
    }

    private Piece openSecret(Binding.SecretValue binding) {
        if (!openSecrets) {
            return new Piece(Masks.STORED, Masks.STORED, true);
        }
        Secret secret = binding.source().open();
        opened.add(secret);
        String mask = binding.password() ? Masks.password() : lastFour ? Masks.lastFour(secret) : Masks.STORED;
        return new Piece(secret.reveal(), mask, true);
    }

    private static int closing(String text, int start, String where) {
        int close = text.indexOf('}', start + 2);
        if (close < 0) {
            throw QodexException.invalid("Unterminated ${ in " + where + " (character " + (start + 1)
                    + "): close it with } or write $${ for a literal ${.");
        }
        return close;
    }

    private static void checkName(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw QodexException.invalid("\"${" + shown(name) + "}\" in " + where
                    + " is not a variable reference: names have letters, digits and _ and start with a letter or _.");
        }
    }

    private static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(40).forEach(cp -> shown.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return name.codePointCount(0, name.length()) > 40 ? shown + "…" : shown.toString();
    }

    /**
     * Blanks out every secret this resolver opened (as sent and JSON-escaped) in a text that came back from a
     * server, e.g. an error body that echoes the password. Secrets shorter than three characters are left alone.
     */
    public String redact(String text) {
        String redacted = text;
        for (Secret secret : opened) {
            if (secret.isWiped() || secret.length() < 3) {
                continue;
            }
            String value = secret.reveal();
            redacted = redacted.replace(value, Masks.STORED).replace(JsonEscape.escape(value), Masks.STORED);
        }
        return redacted;
    }

    /**
     * The values of the secrets this resolver opened, for a caller that masks with the secrets of many resolvers at
     * once and in more forms than {@link #redact} (a scenario run). Never logged, never shown.
     */
    public java.util.List<String> redactions() {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (Secret secret : opened) {
            if (!secret.isWiped()) {
                values.add(secret.reveal());
            }
        }
        return values;
    }

    @Override
    public void close() {
        opened.forEach(Secret::close);
        opened.clear();
        resolved.clear();
    }
}
