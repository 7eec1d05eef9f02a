package io.qodex.app.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.llm.CapLedger;
import io.qodex.domain.llm.CapService;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.ProjectCaps;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.project.Slug;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The caps form checks each amount as it is typed; what it refuses cannot be saved and never reaches the database. */
class CapsViewModelTest {

    private static final Project SHOP = new Project(7, Slug.parse("shop"), "Shop", ProjectRole.ADMIN, 1, false,
            Optional.empty(), 1, 1);
    private static final Account ADA = new Account(1, Email.parse("ada@example.com"), "qx_ada", true, new io.qodex.domain.account.Organizations(java.util.List.of(
                new io.qodex.domain.account.OrgMembership(1, "default", "Default organization", OrgRole.ADMIN))));

    private static CapsViewModel caps(String fiveHour, String weekly) {
        return new CapsViewModel(new CapService(ADA, Unreachable.port(CapLedger.class), Clock.systemUTC()), SHOP,
                new ProjectCaps(Money.parseUsd(fiveHour), Money.parseUsd(weekly), false));
    }

    @Test
    void theFormStartsWithTheCurrentCapsAndCanSaveThem() {
        CapsViewModel model = caps("12.50", "80");

        assertThat(model.fiveHourProperty().get()).isEqualTo("12.5");
        assertThat(model.weeklyProperty().get()).isEqualTo("80");
        assertThat(model.fiveHourErrorProperty().get()).isEmpty();
        assertThat(model.weeklyErrorProperty().get()).isEmpty();
        assertThat(model.canSaveProperty().get()).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\": accepted {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # typed            | accepted as typed
            0                  | true
            5                  | true
            12.5               | true
            $25                | true
            ' 7 '              | true
            0.000001           | true
            1000000            | true
            # larger caps have the right shape; the database refuses them on saving (OrganizationViewModelsIT)
            2000000            | true
            ten                | false
            -1                 | false
            0.0000001          | false
            5,00               | false
            ''                 | false
            """)
    void eachCapIsAnAmountInUsdWithAtMostSixDecimals(String typed, boolean accepted) {
        CapsViewModel model = caps("5", "25");

        model.fiveHourProperty().set(typed);
        model.weeklyProperty().set(typed);

        String expected = accepted ? "" : "\"" + typed + "\" is not an amount in USD (e.g. 5, 0.25 or 0.000001; at most "
                + "six decimals).";
        assertThat(model.fiveHourErrorProperty().get()).isEqualTo(expected);
        assertThat(model.weeklyErrorProperty().get()).isEqualTo(expected);
        assertThat(model.canSaveProperty().get()).isEqualTo(accepted);
    }

    @Test
    void oneBadAmountIsEnoughToKeepBothFromBeingSaved() {
        CapsViewModel model = caps("5", "25");

        model.weeklyProperty().set("lots");
        assertThat(model.fiveHourErrorProperty().get()).isEmpty();
        assertThat(model.canSaveProperty().get()).isFalse();

        model.save(() -> {
            throw new AssertionError("saved although an amount is not one");
        });
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.refusalProperty().get()).isEmpty();

        model.weeklyProperty().set("30");
        assertThat(model.weeklyErrorProperty().get()).isEmpty();
        assertThat(model.canSaveProperty().get()).isTrue();
    }
}
