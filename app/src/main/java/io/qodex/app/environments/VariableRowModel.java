package io.qodex.app.environments;

import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.VariableDraft;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One variable row of the editor. A plain row edits its value; a secret row keeps the stored secret while its field
 * is left empty, and replaces it with whatever is typed there. Switching a row to secret carries the plain value
 * over; switching it back to plain starts from an empty value.
 */
public final class VariableRowModel {

    private final VariablesModel owner;
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty plainValue = new SimpleStringProperty("");
    /** What the secret field shows: only ever typed in this session, never a stored value. */
    private final StringProperty secretValue = new SimpleStringProperty("");
    private final BooleanProperty secret = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper storedSecret = new ReadOnlyBooleanWrapper();
    private final StringProperty revealed = new SimpleStringProperty("");
    private final StringBinding nameProblem;
    private final StringBinding valueProblem;
    private String storedName = "";
    private boolean filling;

    VariableRowModel(VariablesModel owner) {
        this.owner = owner;
        this.nameProblem = owner.problemOf(this, ".name");
        this.valueProblem = owner.problemOf(this, ".value");
        name.addListener((obs, old, text) -> edit(v -> new VariableDraft(v.id(), text, v.secret(), v.plainValue(),
                v.secretValue())));
        plainValue.addListener((obs, old, text) -> edit(v -> v.withPlainValue(text)));
        secretValue.addListener((obs, old, text) -> edit(v -> new VariableDraft(v.id(), v.name(), true, "",
                secretInput(text))));
        secret.addListener((obs, was, now) -> switchKind(now));
    }

    /** Shows a variable as the draft holds it; a secret already stored is kept until something is typed. */
    void fill(VariableDraft variable) {
        filling = true;
        try {
            name.set(variable.name());
            plainValue.set(variable.plainValue());
            secretValue.set("");
            secret.set(variable.secret());
            storedSecret.set(variable.secret() && variable.secretValue() instanceof SecretInput.Keep
                    && variable.id().isPresent());
            storedName = variable.name();
            revealed.set("");
        } finally {
            filling = false;
        }
    }

    /** An empty field keeps a stored secret; anything typed replaces it. */
    private SecretInput secretInput(String typed) {
        return typed.isEmpty() && storedSecret.get() ? SecretInput.KEEP : SecretInput.replace(Secret.copyOf(typed));
    }

    private void switchKind(boolean toSecret) {
        if (filling) {
            return;
        }
        filling = true;
        try {
            if (toSecret) {
                secretValue.set(plainValue.get());
            } else {
                plainValue.set("");
            }
        } finally {
            filling = false;
        }
        edit(v -> toSecret ? new VariableDraft(v.id(), v.name(), true, "", secretInput(secretValue.get()))
                : v.withPlainValue(""));
    }

    private void edit(java.util.function.UnaryOperator<VariableDraft> change) {
        if (!filling) {
            owner.touched(this);
            owner.edit(this, change);
        }
    }

    /** Shows the stored secret, or hides it again (members only; the value is opened in the background). */
    public void toggleReveal() {
        if (revealed.get().isEmpty()) {
            owner.reveal(storedName, revealed::set);
        } else {
            revealed.set("");
        }
    }

    public void remove() {
        owner.remove(this);
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty plainValue() {
        return plainValue;
    }

    public StringProperty secretValue() {
        return secretValue;
    }

    public BooleanProperty secret() {
        return secret;
    }

    /** Whether the row has a secret stored that an empty field keeps (the field says so; "Reveal" opens it). */
    public ReadOnlyBooleanProperty storedSecret() {
        return storedSecret.getReadOnlyProperty();
    }

    public StringProperty revealed() {
        return revealed;
    }

    public StringBinding nameProblem() {
        return nameProblem;
    }

    public StringBinding valueProblem() {
        return valueProblem;
    }
}
