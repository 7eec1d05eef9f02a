package io.qodex.domain.llm;

import io.qodex.domain.common.Secret;

/** Checks a key with its provider (OpenAI: models().list(), no retries, short timeouts). Never logs the key. */
public interface ProviderKeyValidator {

    KeyCheck check(LlmProvider provider, Secret key);
}
