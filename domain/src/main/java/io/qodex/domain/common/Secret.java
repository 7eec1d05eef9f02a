package io.qodex.domain.common;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A secret value held as a char array that is wiped by {@link #close()}. Never printed: {@link #toString()} is
 * masked. Use try-with-resources wherever the value is only needed for a moment.
 */
public final class Secret implements AutoCloseable {

    private final char[] value;
    private boolean wiped;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Takes ownership of the array: the caller must not use or wipe it afterwards. */
    public static Secret adopt(char[] value) {
        return new Secret(value);
    }

    public static Secret copyOf(CharSequence value) {
        char[] chars = new char[value.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = value.charAt(i);
        }
        return new Secret(chars);
    }

    public static Secret fromUtf8(byte[] utf8) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8));
        char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        return new Secret(chars);
    }

    /** A copy of the characters; the caller wipes it. */
    public char[] chars() {
        ensureAlive();
        return value.clone();
    }

    /** The UTF-8 bytes; the caller wipes them. */
    public byte[] utf8() {
        ensureAlive();
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    /**
     * The value as a String, for the few APIs that take nothing else (JDBC passwords, HTTP headers). Strings cannot
     * be wiped: keep them local and short-lived.
     */
    public String reveal() {
        ensureAlive();
        return new String(value);
    }

    public int length() {
        ensureAlive();
        return value.length;
    }

    public boolean isEmpty() {
        return length() == 0;
    }

    /** The last four characters, for display; shorter secrets show nothing. */
    public String lastFour() {
        ensureAlive();
        return value.length <= 8 ? "" : new String(value, value.length - 4, 4);
    }

    public Secret copy() {
        return new Secret(chars());
    }

    /** Compares in time that depends only on the lengths. */
    public boolean sameAs(Secret other) {
        ensureAlive();
        char[] theirs = other.chars();
        try {
            int difference = value.length ^ theirs.length;
            for (int i = 0; i < Math.max(value.length, theirs.length); i++) {
                char mine = i < value.length ? value[i] : 0;
                char their = i < theirs.length ? theirs[i] : 0;
                difference |= mine ^ their;
            }
            return difference == 0;
        } finally {
            Arrays.fill(theirs, '\0');
        }
    }

    public boolean isWiped() {
        return wiped;
    }

    @Override
    public void close() {
        Arrays.fill(value, '\0');
        wiped = true;
    }

    private void ensureAlive() {
        if (wiped) {
            throw new IllegalStateException("secret was wiped");
        }
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
