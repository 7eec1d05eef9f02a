package io.qodex.app.environments;

import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The "Delete environment" dialog: deleting is possible once the environment's name is typed exactly. */
public final class DeleteEnvironmentModel {

    /** Deletes in the background after checking the typed name; hands back the refusal ("" once deleted). */
    @FunctionalInterface
    interface Deleter {
        void delete(String typedName, Consumer<String> refusal);
    }

    private final String name;
    private final Deleter deleter;
    private final StringProperty typed = new SimpleStringProperty("");
    private final StringProperty refusal = new SimpleStringProperty("");
    private final BooleanBinding confirmed;

    DeleteEnvironmentModel(String name, Deleter deleter) {
        this.name = name;
        this.deleter = deleter;
        this.confirmed = typed.isEqualTo(name);
    }

    public String name() {
        return name;
    }

    public String explanation() {
        return "Its variables, auth profiles and recorded logins go with it. Type the name, " + name + ", to confirm.";
    }

    public StringProperty typed() {
        return typed;
    }

    /** Whether the typed text is the name. */
    public BooleanBinding confirmed() {
        return confirmed;
    }

    public StringProperty refusal() {
        return refusal;
    }

    /** Deletes; {@code deleted} runs once it is gone, else the refusal is shown. */
    public void submit(Runnable deleted) {
        deleter.delete(typed.get(), problem -> {
            if (problem.isEmpty()) {
                deleted.run();
            } else {
                refusal.set(problem);
            }
        });
    }
}
