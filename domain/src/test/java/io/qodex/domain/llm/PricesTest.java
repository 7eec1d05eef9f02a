package io.qodex.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricesTest {

    private static ModelPrice version(String model, String from, String input) {
        return new ModelPrice(LlmProvider.OPENAI, model, LocalDate.parse(from), TokenRate.parseUsdPerMillion(input),
                TokenRate.parseUsdPerMillion("1"), TokenRate.parseUsdPerMillion("0.1"));
    }

    /** An in-memory price table: the port is a list of rows. */
    private static final class Table implements PriceBook {
        final List<ModelPrice> rows = new ArrayList<>();

        @Override
        public List<ModelPrice> all(long orgId) {
            return List.copyOf(rows);
        }

        @Override
        public void save(long orgId, ModelPrice price) {
            rows.removeIf(p -> p.model().equals(price.model()) && p.validFrom().equals(price.validFrom()));
            rows.add(price);
        }
    }

    @Test
    void aCallIsPricedByTheNewestVersionValidOnItsDayAndSnapshotsFallBackToTheirFamily() {
        Table table = new Table();
        table.rows.add(version("gpt-4o", "2024-01-01", "5"));
        table.rows.add(version("gpt-4o", "2026-06-01", "2.5"));
        table.rows.add(version("gpt-4o-2024-05-13", "2024-01-01", "7"));
        Prices prices = new Prices(new io.qodex.domain.account.Account(1, io.qodex.domain.account.Email.parse("a@example.com"), "r",
                true, new io.qodex.domain.account.Organizations(List.of())), table, Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));
        assertThat(prices.find(LlmProvider.OPENAI, "gpt-4o", LocalDate.parse("2026-05-31")).orElseThrow().input().display())
                .isEqualTo("$5.00");
        assertThat(prices.find(LlmProvider.OPENAI, "gpt-4o", LocalDate.parse("2026-06-01")).orElseThrow().input().display())
                .isEqualTo("$2.50");
        assertThat(prices.find(LlmProvider.OPENAI, "gpt-4o", LocalDate.parse("2023-12-31"))).isEmpty();
        assertThat(prices.find(LlmProvider.OPENAI, "gpt-4o-2024-08-06", LocalDate.parse("2026-11-26")).orElseThrow().model())
                .isEqualTo("gpt-4o");
        assertThat(prices.find(LlmProvider.OPENAI, "gpt-4o-2024-05-13", LocalDate.parse("2026-11-26")).orElseThrow().model())
                .isEqualTo("gpt-4o-2024-05-13");
        assertThat(prices.find(LlmProvider.OPENAI, "gpt-9", LocalDate.parse("2026-11-26"))).isEmpty();
        assertThat(prices.current()).extracting(ModelPrice::model).containsExactly("gpt-4o", "gpt-4o-2024-05-13");
        assertThat(prices.current().get(0).validFrom()).isEqualTo(LocalDate.parse("2026-06-01"));
    }
}
