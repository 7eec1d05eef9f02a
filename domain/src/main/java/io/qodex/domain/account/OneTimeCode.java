package io.qodex.domain.account;

import io.qodex.domain.common.QodexException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A code from a verification or reset mail: 12 characters of Crockford's base32 (60 bits), shown as XXXX-XXXX-XXXX.
 * Typed or pasted in any case, with or without the hyphens or spaces; O is read as 0, I and L as 1.
 */
public record OneTimeCode(String value) {

    private static final Pattern CANONICAL = Pattern.compile("^[0-9A-HJKMNP-TV-Z]{12}$");

    public OneTimeCode {
        if (!CANONICAL.matcher(value).matches()) {
            throw QodexException.invalid("code", "The code is the 12 letters and digits from the mail (XXXX-XXXX-XXXX).");
        }
    }

    public static OneTimeCode parse(String typed) {
        String normalized = (typed == null ? "" : typed).replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT)
                .replace('O', '0').replace('I', '1').replace('L', '1');
        return new OneTimeCode(normalized);
    }

    /** XXXX-XXXX-XXXX. */
    public String display() {
        return value.substring(0, 4) + "-" + value.substring(4, 8) + "-" + value.substring(8);
    }

    @Override
    public String toString() {
        return "OneTimeCode[****]";
    }
}
