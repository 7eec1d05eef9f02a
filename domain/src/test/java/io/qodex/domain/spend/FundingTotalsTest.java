package io.qodex.domain.spend;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.Money;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The tiles count billed calls: key checks and calls refused before sending are counted apart, at no cost. */
class FundingTotalsTest {

    private static final UsageTotals BILLED = new UsageTotals(3, 300, 60, 0, Money.ofMicros(4_500));
    private static final UsageTotals ERRORS = new UsageTotals(1, 0, 0, 0, Money.ZERO);
    private static final UsageTotals ONE_FREE = new UsageTotals(1, 0, 0, 0, Money.ZERO);
    private static final UsageTotals TWO_FREE = new UsageTotals(2, 0, 0, 0, Money.ZERO);

    @Test
    void keyChecksAndRefusedCallsAreNotBilled() {
        SpendService spend = new SpendService(new Account(1, Email.parse("a@example.com"), "r", true, new io.qodex.domain.account.Organizations(java.util.List.of(
                new io.qodex.domain.account.OrgMembership(1, "default", "Default organization", OrgRole.MEMBER)))),
                new Cells(
                        List.of(cell("platform", "assistant", BILLED.plus(ERRORS).plus(TWO_FREE)),
                                cell("byok", "byok-validate", ONE_FREE), cell("byok", "cli-ask", ERRORS)),
                        List.of(cell("platform", "ok", BILLED), cell("platform", "error", ERRORS),
                                cell("platform", "refused", ONE_FREE), cell("platform", "budget_exceeded", ONE_FREE),
                                cell("byok", "auth_failed", ONE_FREE.plus(ERRORS)))));

        Map<Funding, FundingTotals> totals = spend.byFunding(new SpendScope.OfProject(7),
                DayRange.lastDays(7, Clock.systemUTC()), SpendFilter.NONE);

        assertThat(totals.get(Funding.PLATFORM)).isEqualTo(new FundingTotals(BILLED.plus(ERRORS), 0, 2));
        assertThat(totals.get(Funding.BYOK)).isEqualTo(new FundingTotals(ERRORS, 1, 0));
        assertThat(totals).doesNotContainKey(Funding.CODEX_POOL);
    }

    private static SpendCell cell(String funding, String second, UsageTotals totals) {
        return new SpendCell(funding, funding, second, second, totals);
    }

    /** The two groupings the service asks for: funding × source, then funding × outcome. */
    private record Cells(List<SpendCell> bySource, List<SpendCell> byOutcome) implements SpendRepository {

        @Override
        public List<SpendCell> group(SpendScope scope, DayRange range, SpendFilter filter, Dimension first,
                                     Optional<Dimension> second) {
            assertThat(first).isEqualTo(Dimension.FUNDING);
            return second.orElseThrow() == Dimension.SOURCE ? bySource : byOutcome;
        }

        @Override
        public CallPage calls(CallQuery query, Optional<CallPage.Cursor> after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long countCalls(CallQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forEachCall(CallQuery query, Consumer<CallEntry> sink) {
            throw new UnsupportedOperationException();
        }
    }
}
