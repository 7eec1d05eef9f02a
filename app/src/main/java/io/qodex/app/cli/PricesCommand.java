package io.qodex.app.cli;

import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.TokenRate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qodex prices}: the versioned LLM price table, USD per million tokens. */
@Command(name = "prices", description = "LLM prices in USD per million tokens (organization admins change them).",
        subcommands = {PricesCommand.ListPrices.class, PricesCommand.Set.class})
final class PricesCommand {

    @Command(name = "list", description = "The prices in force today, one row per model.")
    static final class ListPrices implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--all", description = "Every version, not only today's.")
        boolean all;

        @Mixin
        JsonOption output;

        ListPrices(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var prices = context.signIn(account.email).llm().prices();
            Listing rows = Listing.of("PROVIDER", "provider", "MODEL", "model", "INPUT", "input_usd_per_million",
                    "OUTPUT", "output_usd_per_million", "CACHED", "cached_input_usd_per_million", "VALID FROM",
                    "valid_from");
            for (ModelPrice price : all ? prices.list() : prices.current()) {
                rows.row(price.provider().code(), price.model(),
                        Listing.cell(price.input().display(), price.input().usdPerMillion()),
                        Listing.cell(price.output().display(), price.output().usdPerMillion()),
                        Listing.cell(price.cachedInput().display(), price.cachedInput().usdPerMillion()), price.validFrom());
            }
            rows.print(context, output.json, "");
            return 0;
        }
    }

    @Command(name = "set", description = "Set a model's price from today on (organization admins).")
    static final class Set implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(paramLabel = "MODEL")
        String model;

        @Option(names = "--input", required = true, paramLabel = "X", description = "USD per million input tokens")
        String input;

        @Option(names = "--output", required = true, paramLabel = "Y", description = "USD per million output tokens")
        String output;

        @Option(names = "--cached", paramLabel = "Z", description = "USD per million cached input tokens (default: the input price)")
        @Nullable String cached;

        @Option(names = "--provider", paramLabel = "P", description = "openai (default)")
        String provider = "openai";

        Set(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            TokenRate in = TokenRate.parseUsdPerMillion(input);
            TokenRate out = TokenRate.parseUsdPerMillion(output);
            Optional<TokenRate> cachedRate = Optional.ofNullable(cached).map(TokenRate::parseUsdPerMillion);
            ModelPrice price = context.signIn(account.email).llm().prices()
                    .set(LlmProvider.parse(provider), model, in, out, cachedRate);
            context.out().println("Price of " + price.model() + " from " + price.validFrom() + ": input "
                    + price.input().display() + ", output " + price.output().display() + ", cached input "
                    + price.cachedInput().display() + " per million tokens.");
            return 0;
        }
    }
}
