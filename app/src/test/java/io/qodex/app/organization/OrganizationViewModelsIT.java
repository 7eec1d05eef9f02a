package io.qodex.app.organization;

import org.junit.jupiter.api.extension.ExtendWith;
import io.qodex.app.testing.FxFailures;
import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LlmWorld;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.Money;
import io.qodex.domain.project.Project;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The commands of the organization's dialogs against a real PostgreSQL and the fake OpenAI, as an org admin: what the
 * database or the provider refuses is shown and nothing closes; what they accept is shown and stored. The toolkit is
 * needed because results come back on the FX thread.
 */
@ExtendWith(FxFailures.class)
class OrganizationViewModelsIT {

    private static LlmWorld world;
    private static Workspace ada;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        world = LlmWorld.start(Map.of()).withOrganization();
        ada = world.signIn("ada");
    }

    @AfterAll
    static void stop() throws Exception {
        ada.close();
        world.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void capsAboveOneMillionAreRefusedByTheDatabaseAndTheDialogStaysOpen() throws Exception {
        Project plat = ada.projects().bySlug("plat");
        CapsViewModel caps = onFx(() -> new CapsViewModel(ada.llm().caps(), plat,
                ada.llm().caps().report(plat).caps()));
        AtomicBoolean saved = new AtomicBoolean();

        fx(() -> {
            caps.fiveHourProperty().set("1000000.01");
            caps.weeklyProperty().set("80");
            caps.save(() -> saved.set(true));
        });
        waitFor("the refusal", () -> !caps.refusalProperty().get().isEmpty() && !caps.busyProperty().get());
        assertThat(onFx(() -> caps.refusalProperty().get())).isEqualTo("Caps are amounts in USD between 0 and 1,000,000.");
        assertThat(saved).isFalse();

        fx(() -> {
            caps.fiveHourProperty().set("1000000");
            caps.save(() -> saved.set(true));
        });
        waitFor("the saved caps", saved::get);
        assertThat(onFx(() -> caps.refusalProperty().get())).isEmpty();
        assertThat(ada.llm().caps().report(plat).caps().fiveHour()).isEqualTo(Money.ofUsd(1_000_000));
        assertThat(ada.llm().caps().report(plat).caps().weekly()).isEqualTo(Money.ofUsd(80));
    }

    @Test
    void aNewPriceIsConfirmedAndTheTableReadAgain() throws Exception {
        PricesViewModel prices = onFx(() -> new PricesViewModel(ada.llm().prices()));
        fx(prices::load);
        waitFor("the prices", () -> prices.loadedProperty().get() && !prices.current().isEmpty());

        fx(() -> {
            prices.modelProperty().set("gpt-vm-test");
            prices.inputProperty().set("1.5");
            prices.outputProperty().set("6");
            prices.setPrice();
        });
        waitFor("the new price", () -> prices.current().stream().anyMatch(p -> p.model().equals("gpt-vm-test")));
        assertThat(onFx(() -> prices.feedbackProperty().get())).isEqualTo(Feedback.done("gpt-vm-test: input $1.50, "
                + "output $6.00, cached input $1.50 per million tokens from " + LocalDate.now(ZoneOffset.UTC) + "."));
        assertThat(onFx(() -> prices.current().stream().filter(p -> p.model().equals("gpt-vm-test"))
                .map(ModelPrice::cachedInput).findFirst().orElseThrow().display())).isEqualTo("$1.50");
    }

    @Test
    void thePlatformKeyIsShownByItsLastFourCheckedBeforeItIsSavedAndRemoved() throws Exception {
        PlatformKeyViewModel key = onFx(() -> new PlatformKeyViewModel(ada.llmKeys()));
        String lastFour = LlmWorld.PLATFORM_KEY.substring(LlmWorld.PLATFORM_KEY.length() - 4);
        assertThat(onFx(() -> key.canSaveProperty().get())).as("nothing typed").isFalse();
        fx(key::load);
        waitFor("the stored key", () -> key.storedProperty().get());
        assertThat(onFx(() -> key.stateProperty().get())).startsWith("Platform key: OpenAI, ••••••••" + lastFour
                + ", set by ada@example.com at ").doesNotContain(LlmWorld.PLATFORM_KEY);

        fx(() -> {
            key.keyProperty().set("not-a-key");
            key.save();
        });
        waitFor("the refusal", () -> key.feedbackProperty().get().problem() && !key.busyProperty().get());
        assertThat(onFx(() -> key.feedbackProperty().get().text())).isEqualTo("OpenAI keys start with \"sk-\".");
        assertThat(onFx(() -> key.keyProperty().get())).as("a refused key stays to be corrected").isEqualTo("not-a-key");

        fx(() -> {
            key.keyProperty().set("sk-not-accepted-by-the-fake-0000");
            key.save();
        });
        waitFor("the provider's refusal", () -> key.feedbackProperty().get().text().startsWith("OpenAI refused the key")
                && !key.busyProperty().get());

        fx(() -> {
            key.keyProperty().set(LlmWorld.PLATFORM_KEY);
            key.save();
        });
        waitFor("the saved key", () -> !key.feedbackProperty().get().problem()
                && !key.feedbackProperty().get().text().isEmpty());
        assertThat(onFx(() -> key.feedbackProperty().get().text()))
                .isEqualTo("OpenAI accepted the key; it is saved, ending in " + lastFour + ".");
        assertThat(onFx(() -> key.keyProperty().get())).isEmpty();
        assertThat(onFx(() -> key.canSaveProperty().get())).isFalse();

        fx(key::remove);
        waitFor("the removal", () -> !key.storedProperty().get());
        assertThat(onFx(() -> key.feedbackProperty().get())).isEqualTo(Feedback.done("Removed the platform key."));
        assertThat(onFx(() -> key.stateProperty().get()))
                .isEqualTo("No platform key: projects without a key of their own cannot call an LLM.");
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private static void fx(Runnable work) throws Exception {
        WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
    }
}
