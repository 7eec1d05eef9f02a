package io.qodex.app.logins;

import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginStepDraft;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of the steps table and how the last replay treated it. */
public final class StepRow {
    public final StringProperty action = new SimpleStringProperty("");
    public final StringProperty selector = new SimpleStringProperty("");
    public final StringProperty value = new SimpleStringProperty("");
    public final StringProperty timeout = new SimpleStringProperty("");
    public final StringProperty status = new SimpleStringProperty("");
    public final StringProperty problem = new SimpleStringProperty("");

    static StepRow of(LoginStepDraft draft) {
        StepRow row = new StepRow();
        row.action.set(draft.action());
        row.selector.set(draft.selector());
        row.value.set(draft.value());
        row.timeout.set(draft.timeoutMs());
        return row;
    }

    /** A step as the recorder hands it over. */
    static StepRow of(LoginStep step) {
        return of(new LoginStepDraft(step.action().jsonName(), step.selector(), step.value(),
                step.timeout().map(t -> Long.toString(t.toMillis())).orElse("")));
    }

    LoginStepDraft draft() {
        return new LoginStepDraft(action.get(), selector.get(), value.get(), timeout.get());
    }
}
