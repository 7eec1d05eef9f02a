package io.qodex.domain.llm;

import io.qodex.domain.common.QodexException;
import java.util.regex.Pattern;

/** What made an LLM call, as the usage log and the spend view name it: {@code assistant}, {@code cli-ask}, … */
public record UsageSource(String value) {

    private static final Pattern FORM = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");

    public static final UsageSource BYOK_VALIDATE = new UsageSource("byok-validate");
    public static final UsageSource ASSISTANT = new UsageSource("assistant");
    public static final UsageSource CLI_ASK = new UsageSource("cli-ask");

    public UsageSource {
        if (value == null || !FORM.matcher(value).matches()) {
            throw QodexException.invalid("source", "A usage source is 1-40 lowercase letters, digits and hyphens (\""
                    + value + "\" given).");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
