package io.qodex.app.organization;

import io.qodex.app.common.Tasks;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CapService;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.ProjectCaps;
import io.qodex.domain.project.Project;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A project's two caps on platform-funded spend as an org admin edits them. Each amount is checked as it is typed
 * (USD, at most six decimals, never negative); saving waits for the database, which also refuses caps above
 * 1,000,000 (persistence/src/main/resources/db/migration/V6__llm.sql), and its refusal is shown.
 */
public final class CapsViewModel {

    private final CapService caps;
    private final Project project;
    private final StringProperty fiveHour;
    private final StringProperty weekly;
    private final ReadOnlyStringWrapper fiveHourError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper weeklyError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding canSave;

    public CapsViewModel(CapService caps, Project project, ProjectCaps current) {
        this.caps = caps;
        this.project = project;
        this.fiveHour = new SimpleStringProperty(typed(current.fiveHour()));
        this.weekly = new SimpleStringProperty(typed(current.weekly()));
        fiveHour.addListener((obs, old, text) -> fiveHourError.set(problemWith(text)));
        weekly.addListener((obs, old, text) -> weeklyError.set(problemWith(text)));
        canSave = busy.not().and(fiveHourError.isEmpty()).and(weeklyError.isEmpty());
    }

    public Project project() {
        return project;
    }

    /** The rolling 5-hour cap as typed, in USD. */
    public StringProperty fiveHourProperty() {
        return fiveHour;
    }

    /** The rolling 7-day cap as typed, in USD. */
    public StringProperty weeklyProperty() {
        return weekly;
    }

    public ReadOnlyStringProperty fiveHourErrorProperty() {
        return fiveHourError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty weeklyErrorProperty() {
        return weeklyError.getReadOnlyProperty();
    }

    /** Why the database refused the last save; empty when it did not. */
    public ReadOnlyStringProperty refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Both amounts are valid and no save is under way. */
    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    /** Saves both caps; {@code saved} runs once the database accepted them (a refusal is shown instead). */
    public void save(Runnable saved) {
        if (!canSave.get()) {
            return;
        }
        Money five = Money.parseUsd(fiveHour.get());
        Money week = Money.parseUsd(weekly.get());
        busy.set(true);
        refusal.set("");
        Tasks.run(() -> caps.set(project, five, week))
                .onSuccess(stored -> saved.run())
                .onError(problem -> refusal.set(problem.getMessage()))
                .onFinally(() -> busy.set(false))
                .start();
    }

    private static String typed(Money amount) {
        return amount.usd().stripTrailingZeros().toPlainString();
    }

    private static String problemWith(String text) {
        try {
            Money.parseUsd(text);
            return "";
        } catch (QodexException e) {
            return e.getMessage();
        }
    }
}
