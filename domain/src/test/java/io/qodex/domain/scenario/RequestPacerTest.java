package io.qodex.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.llm.CancelSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pacer counts as the server does: of any perSecond + 1 requests, the last starts a second after one finished. */
class RequestPacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void noMoreThanThePerSecondRateStartInAnySecond() {
        RequestPacer pacer = new RequestPacer(3);
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        CancelSignal never = new CancelSignal();
        for (int i = 0; i < 8; i++) {
            Pacer.Permit permit = pacer.acquire(never).orElseThrow();
            starts.add(System.nanoTime());
            ends.add(System.nanoTime());
            permit.close();
        }
        for (int i = 0; i + 3 < starts.size(); i++) {
            assertThat(starts.get(i + 3) - ends.get(i)).as("start %d after end %d", i + 3, i)
                    .isGreaterThanOrEqualTo(SECOND);
        }
        assertThat(starts.get(2) - starts.get(0)).as("the first three go at once").isLessThan(SECOND / 2);
    }

    @Test
    void aRequestStillInFlightHoldsItsPlaceUntilItFinishes() throws Exception {
        RequestPacer pacer = new RequestPacer(1);
        Pacer.Permit slow = pacer.acquire(new CancelSignal()).orElseThrow();
        CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> {
            pacer.acquire(new CancelSignal()).orElseThrow().close();
            return System.nanoTime();
        });
        Thread.sleep(1300);
        assertThat(next).as("a second passed, but the first request has not finished").isNotDone();
        long finished = System.nanoTime();
        slow.close();
        assertThat(next.get(5, TimeUnit.SECONDS) - finished).isGreaterThanOrEqualTo(SECOND);
    }

    @Test
    void stoppingEndsTheWait() throws Exception {
        RequestPacer pacer = new RequestPacer(1);
        pacer.acquire(new CancelSignal()).orElseThrow();
        CancelSignal stop = new CancelSignal();
        CompletableFuture<Optional<Pacer.Permit>> waiting =
                CompletableFuture.supplyAsync(() -> pacer.acquire(stop));
        Thread.sleep(100);
        stop.cancel();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
    }
}
