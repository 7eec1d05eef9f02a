package io.qodex.app.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.PriceBook;
import io.qodex.domain.llm.Prices;
import io.qodex.domain.llm.TokenRate;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The price form: what it needs before it can be sent, and the price fields it refuses without sending anything. */
class PricesViewModelTest {

    private static final Account ADA = new Account(1, Email.parse("ada@example.com"), "qx_ada", true, new io.qodex.domain.account.Organizations(java.util.List.of(
                new io.qodex.domain.account.OrgMembership(1, "default", "Default organization", OrgRole.ADMIN))));

    private static PricesViewModel prices() {
        return new PricesViewModel(new Prices(ADA, Unreachable.port(PriceBook.class), Clock.systemUTC()));
    }

    @ParameterizedTest(name = "model \"{0}\", input \"{1}\", output \"{2}\", cached \"{3}\": can set {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # model   | input | output | cached input ('' = the input price) | can set
            gpt-test  | 1.5   | 6      | ''                                  | true
            gpt-test  | 1.5   | 6      | 0.5                                 | true
            gpt-test  | six   | 6      | ''                                  | true
            ''        | 1.5   | 6      | ''                                  | false
            gpt-test  | ''    | 6      | 0.5                                 | false
            gpt-test  | 1.5   | ''     | 0.5                                 | false
            """)
    void aModelAnInputAndAnOutputPriceAreNeeded(String model, String input, String output, String cached,
                                                 boolean canSet) {
        PricesViewModel prices = prices();

        fill(prices, model, input, output, cached);

        assertThat(prices.canSetProperty().get()).isEqualTo(canSet);
    }

    @ParameterizedTest(name = "input \"{0}\", output \"{1}\", cached \"{2}\": {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # input | output | cached input | refusal
            1.5     | six    | ''           | "six" is not a price in USD per million tokens (e.g. 0.15).
            abc     | 6      | ''           | "abc" is not a price in USD per million tokens (e.g. 0.15).
            -1      | six    | ''           | "-1" is not a price in USD per million tokens (e.g. 0.15).
            1.5     | 6      | 0.0000001    | "0.0000001" is not a price in USD per million tokens (e.g. 0.15).
            1.5     | 6      | free         | "free" is not a price in USD per million tokens (e.g. 0.15).
            """)
    void aFieldThatIsNotAPriceIsNamedAndNothingIsSent(String input, String output, String cached, String refusal) {
        PricesViewModel prices = prices();
        fill(prices, "gpt-test", input, output, cached);

        prices.setPrice();

        assertThat(prices.feedbackProperty().get()).isEqualTo(Feedback.refused(refusal));
        assertThat(prices.modelProperty().get()).as("the form keeps what was typed").isEqualTo("gpt-test");
    }

    @Test
    void choosingAPriceFillsTheFormToChangeIt() {
        PricesViewModel prices = prices();

        prices.edit(new ModelPrice(LlmProvider.OPENAI, "gpt-4o", LocalDate.parse("2024-01-01"),
                TokenRate.parseUsdPerMillion("2.50"), TokenRate.parseUsdPerMillion("10"),
                TokenRate.parseUsdPerMillion("1.25")));

        assertThat(prices.modelProperty().get()).isEqualTo("gpt-4o");
        assertThat(prices.inputProperty().get()).isEqualTo("2.5");
        assertThat(prices.outputProperty().get()).isEqualTo("10");
        assertThat(prices.cachedInputProperty().get()).isEqualTo("1.25");
        assertThat(prices.canSetProperty().get()).isTrue();
        assertThat(prices.feedbackProperty().get()).isEqualTo(Feedback.NONE);
    }

    private static void fill(PricesViewModel prices, String model, String input, String output, String cached) {
        prices.modelProperty().set(model);
        prices.inputProperty().set(input);
        prices.outputProperty().set(output);
        prices.cachedInputProperty().set(cached);
    }
}
