package io.qodex.domain.llm;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM gateway (F10). For each call, on a worker thread: choose the key (BYOK, else platform), price the model,
 * reserve the worst case against the caps if platform-funded, stream the answer, price the final usage and record
 * exactly one usage row — whether the call succeeded, failed, was refused or cancelled. The row's id is the call id,
 * which is also the reservation's, so the row settles the reservation when it lands.
 */
public final class GatewayService implements LlmGateway {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

    private final Account account;
    private final KeyChooser keys;
    private final Prices prices;
    private final CapService caps;
    private final UsageLog usage;
    private final ChatModelClient client;
    private final Executor executor;
    private final Clock clock;
    private final GatewaySettings settings;

    public GatewayService(Account account, KeyChooser keys, Prices prices, CapService caps, UsageLog usage,
                          ChatModelClient client, Executor executor, Clock clock, GatewaySettings settings) {
        this.account = account;
        this.keys = keys;
        this.prices = prices;
        this.caps = caps;
        this.usage = usage;
        this.client = client;
        this.executor = executor;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public LlmCall start(LlmRequest request, LlmListener listener) {
        InFlight call = new InFlight(request, listener);
        Project project = request.project();
        if (!project.myRole().atLeast(ProjectRole.MEMBER)) {
            // the database would refuse the usage row too: nothing was attempted, nothing is logged
            call.finish(new LlmResult.Refused(call.id, LlmResult.Refused.Reason.NOT_ALLOWED, "Viewers cannot make LLM "
                    + "calls in " + project.name() + "; an Admin can give you the Member role.", Optional.empty(), false), null);
            return call;
        }
        try {
            executor.execute(call::run);
        } catch (RejectedExecutionException e) {
            call.fail(CallOutcome.ERROR, "The LLM gateway is shutting down.");
        }
        return call;
    }

    /** One call from start to its single usage row. */
    private final class InFlight implements LlmCall {

        private final UUID id = CallIds.next();
        private final LlmRequest request;
        private final LlmListener listener;
        private final Instant startedAt = clock.instant();
        private final long startNanos = System.nanoTime();
        private final CancelSignal signal = new CancelSignal();
        private final CompletableFuture<LlmResult> result = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final StringBuilder text = new StringBuilder();
        private volatile Funding funding = Funding.PLATFORM;
        private volatile LlmProvider provider = LlmProvider.OPENAI;
        private volatile Optional<ModelPrice> price = Optional.empty();
        private volatile boolean sent;

        InFlight(LlmRequest request, LlmListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public CompletableFuture<LlmResult> result() {
            return result;
        }

        @Override
        public void cancel() {
            signal.cancel();
            TokenUsage estimated = sent ? estimatedUsage() : TokenUsage.NONE;
            Money cost = price.map(p -> p.cost(estimated)).orElse(Money.ZERO);
            finish(new LlmResult.Cancelled(id, textSoFar(), funding, estimated, cost, latency()),
                    row(CallOutcome.CANCELLED, estimated, cost, Optional.of("Stopped by the user.")));
        }

        void run() {
            KeyChooser.ChosenKey key = null;
            try {
                Optional<KeyChooser.ChosenKey> chosen = keys.choose(request.project());
                if (chosen.isEmpty()) {
                    refuse(LlmResult.Refused.Reason.NO_KEY, "No LLM key for " + request.project().name() + ": an Admin "
                            + "can set the project's own key (qodex byok set) or an organization admin the platform key "
                            + "(qodex org platform-key set).", Optional.empty());
                    return;
                }
                key = chosen.get();
                funding = key.funding();
                provider = key.provider();
                LocalDate day = LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
                price = prices.find(provider, request.model(), day);
                Optional<Admission.CapWarning> warning = Optional.empty();
                if (funding.capped()) {
                    if (price.isEmpty()) {
                        refuse(LlmResult.Refused.Reason.NO_PRICE, "There is no price for " + request.model() + ", so its "
                                + "platform-funded spend cannot be capped; an organization admin can add one with qodex "
                                + "prices set " + request.model() + ".", Optional.empty());
                        return;
                    }
                    Money worstCase = price.get().worstCase(PromptEstimate.tokens(request.messages()),
                            request.maxOutputTokens());
                    Admission admission = caps.admit(request.project().id(), id, worstCase, settings.reservationTtl());
                    if (admission instanceof Admission.Refused refused) {
                        refuse(LlmResult.Refused.Reason.BUDGET_EXCEEDED, refused.message(), refused.retryAfter());
                        return;
                    }
                    warning = ((Admission.Admitted) admission).warning();
                }
                if (done.get()) { // cancelled while being admitted: give the reservation back
                    releaseQuietly();
                    return;
                }
                Optional<Admission.CapWarning> admittedWarning = warning;
                notifyListener(() -> listener.admitted(funding, admittedWarning));
                sent = true;
                ChatModelClient.Reply reply = client.stream(new ChatModelClient.Request(provider, request.model(),
                        request.messages(), request.maxOutputTokens()), key.key(), this::delta, signal);
                TokenUsage used = reply.usage().orElseGet(this::estimatedUsage);
                Money cost = price.map(p -> p.cost(used)).orElse(Money.ZERO);
                finish(new LlmResult.Completed(id, textSoFar(), request.model(), funding, used, cost, latency(), warning),
                        row(CallOutcome.OK, used, cost, reply.usage().isPresent() ? Optional.empty()
                                : Optional.of("The provider sent no usage; tokens are estimated.")));
            } catch (ChatModelClient.ProviderFailure failure) {
                if (!signal.cancelled()) {
                    String message = failure.getMessage();
                    fail(failure.outcome(), message == null || message.isBlank() ? "The provider call failed."
                            : KeyRedaction.redact(message));
                }
            } catch (QodexException e) {
                fail(CallOutcome.ERROR, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("LLM call {} failed unexpectedly", id, e);
                fail(CallOutcome.ERROR, "Unexpected failure: " + e);
            } finally {
                if (key != null) {
                    key.close();
                }
            }
        }

        private void delta(String piece) {
            if (done.get()) {
                return;
            }
            synchronized (text) {
                text.append(piece);
            }
            notifyListener(() -> listener.delta(piece));
        }

        private void refuse(LlmResult.Refused.Reason reason, String message, Optional<Duration> retryAfter) {
            CallOutcome outcome = reason == LlmResult.Refused.Reason.BUDGET_EXCEEDED ? CallOutcome.BUDGET_EXCEEDED
                    : CallOutcome.REFUSED;
            finish(new LlmResult.Refused(id, reason, message, retryAfter, true),
                    row(outcome, TokenUsage.NONE, Money.ZERO, Optional.of(message)));
        }

        void fail(CallOutcome outcome, String message) {
            finish(new LlmResult.Failed(id, outcome, message, funding, latency()),
                    row(outcome, TokenUsage.NONE, Money.ZERO, Optional.of(message)));
        }

        /** Ends the call once: records its usage row, then completes the result. Later endings are ignored. */
        void finish(LlmResult ending, @Nullable UsageRecord row) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (row != null) {
                try {
                    usage.record(row);
                } catch (RuntimeException e) {
                    LOG.error("The usage row of LLM call {} could not be recorded", id, e);
                }
            }
            result.complete(ending);
        }

        private UsageRecord row(CallOutcome outcome, TokenUsage tokens, Money cost, Optional<String> error) {
            return new UsageRecord(id, request.project().id(), account.userId(), provider, request.model(),
                    request.source(), funding, tokens, latency(), outcome, cost, error, startedAt);
        }

        private TokenUsage estimatedUsage() {
            return new TokenUsage(PromptEstimate.tokens(request.messages()), PromptEstimate.text(textSoFar()), 0);
        }

        private String textSoFar() {
            synchronized (text) {
                return text.toString();
            }
        }

        private Duration latency() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        private void releaseQuietly() {
            try {
                caps.release(id);
            } catch (QodexException e) {
                LOG.debug("Releasing the reservation of cancelled call {} failed; it expires by itself", id, e);
            }
        }

        private void notifyListener(Runnable event) {
            try {
                event.run();
            } catch (RuntimeException e) {
                LOG.warn("An LLM listener failed", e);
            }
        }
    }
}
