package io.qodex.app.organization;

import io.qodex.app.common.Tasks;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.Prices;
import io.qodex.domain.llm.TokenRate;
import java.util.Optional;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The organization's price table (org admins): the prices in force today, and the form that sets a model's price from
 * today on. Prices are USD per million tokens; an empty cached-input price means the input price.
 */
public final class PricesViewModel {

    private final Prices prices;
    private final ObservableList<ModelPrice> current = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty input = new SimpleStringProperty("");
    private final StringProperty output = new SimpleStringProperty("");
    private final StringProperty cachedInput = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Feedback> feedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);
    private final BooleanBinding canSet = model.isEmpty().or(input.isEmpty()).or(output.isEmpty()).not();

    public PricesViewModel(Prices prices) {
        this.prices = prices;
    }

    /** The version of each model's price in force today. */
    public ObservableList<ModelPrice> current() {
        return current;
    }

    /** The table has been read once (until then it is loading). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty inputProperty() {
        return input;
    }

    public StringProperty outputProperty() {
        return output;
    }

    public StringProperty cachedInputProperty() {
        return cachedInput;
    }

    public ReadOnlyObjectProperty<Feedback> feedbackProperty() {
        return feedback.getReadOnlyProperty();
    }

    /** A model, an input and an output price are filled in (whether they are prices is checked on setting). */
    public BooleanBinding canSetProperty() {
        return canSet;
    }

    public void load() {
        Tasks.run(prices::current)
                .onSuccess(found -> {
                    current.setAll(found);
                    loaded.set(true);
                })
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .start();
    }

    /** Fills the form with {@code price}, to change it. */
    public void edit(ModelPrice price) {
        model.set(price.model());
        input.set(typed(price.input()));
        output.set(typed(price.output()));
        cachedInput.set(typed(price.cachedInput()));
    }

    /** Sets the price from today on; a field that is not a price is named and nothing is sent. */
    public void setPrice() {
        if (!canSet.get()) {
            return;
        }
        String name = model.get().strip();
        TokenRate in;
        TokenRate out;
        Optional<TokenRate> cached;
        try {
            in = TokenRate.parseUsdPerMillion(input.get());
            out = TokenRate.parseUsdPerMillion(output.get());
            cached = cachedInput.get().isBlank() ? Optional.empty()
                    : Optional.of(TokenRate.parseUsdPerMillion(cachedInput.get()));
        } catch (QodexException problem) {
            feedback.set(Feedback.refused(problem.getMessage()));
            return;
        }
        Tasks.run(() -> prices.set(LlmProvider.OPENAI, name, in, out, cached))
                .onSuccess(price -> {
                    feedback.set(Feedback.done(price.model() + ": input " + price.input().display() + ", output "
                            + price.output().display() + ", cached input " + price.cachedInput().display()
                            + " per million tokens from " + price.validFrom() + "."));
                    load();
                })
                .onError(problem -> feedback.set(Feedback.refused(problem.getMessage())))
                .start();
    }

    private static String typed(TokenRate rate) {
        return rate.usdPerMillion().stripTrailingZeros().toPlainString();
    }
}
