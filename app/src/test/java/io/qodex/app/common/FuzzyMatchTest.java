package io.qodex.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FuzzyMatchTest {

    @Test
    void everyQueryCharacterMustAppearInOrder() {
        assertThat(FuzzyMatch.score("shm", "Members Shop Web shop /p/shop/members")).isPresent();
        assertThat(FuzzyMatch.score("zz", "Members Shop Web")).isEmpty();
        assertThat(FuzzyMatch.score("", "anything")).hasValue(0);
    }

    @Test
    void wordStartsAndRunsRankHigher() {
        int wordStart = FuzzyMatch.score("pay", "Payments API").orElseThrow();
        int scattered = FuzzyMatch.score("pay", "Shop password key").orElseThrow();
        assertThat(wordStart).isGreaterThan(scattered);
        int exact = FuzzyMatch.score("console byok", "LLM key (BYOK) Admin Console admin-console").orElse(-1);
        assertThat(exact).isPositive();
    }
}
