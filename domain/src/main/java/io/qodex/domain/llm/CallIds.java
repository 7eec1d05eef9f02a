package io.qodex.domain.llm;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of LLM calls: time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds, then random bits), so that
 * the usage log's unique index on them grows at its right edge instead of at random places.
 */
public final class CallIds {

    private CallIds() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = millis << 16 | 0x7000L | random.nextInt(1 << 12);
        long low = 0x8000_0000_0000_0000L | random.nextLong() >>> 2;
        return new UUID(high, low);
    }
}
