package io.qodex.app.environments;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.VariableDraft;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Variables tab's rules, which used to sit in the view: rows edit the draft, secrets are kept unless retyped. */
class VariablesModelTest {

    private final StoredEnvironments.Draft draft = new StoredEnvironments.Draft(StoredEnvironments.staging());
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final List<String> revealed = new ArrayList<>();
    private final VariablesModel model = new VariablesModel(draft::apply, problems,
            (name, shown) -> revealed.add(name));

    VariablesModelTest() {
        model.fill(draft.value);
    }

    private VariableDraft variable(int index) {
        return draft.value.variables().get(index);
    }

    @Test
    void fillingShowsTheVariablesWithoutEditingTheDraft() {
        assertThat(model.rows()).extracting(r -> r.name().get()).containsExactly("TENANT", "API_TOKEN");
        assertThat(model.rows().get(0).plainValue().get()).isEqualTo("acme");
        assertThat(model.rows().get(1).secret().get()).isTrue();
        assertThat(model.rows().get(1).storedSecret().get()).isTrue();
        assertThat(model.rows().get(0).storedSecret().get()).isFalse();
        assertThat(draft.edits).isZero();
    }

    @Test
    void aStoredSecretIsKeptWhileItsFieldIsLeftEmptyAndReplacedByWhatIsTyped() {
        VariableRowModel token = model.rows().get(1);
        assertThat(variable(1).secretValue()).isInstanceOf(SecretInput.Keep.class);
        token.secretValue().set("n3w-token");
        assertThat(variable(1).secretValue()).isInstanceOfSatisfying(SecretInput.Replace.class,
                replace -> assertThat(replace.value().reveal()).isEqualTo("n3w-token"));
        token.secretValue().set("");
        assertThat(variable(1).secretValue()).isInstanceOf(SecretInput.Keep.class);
        assertThat(variable(1).secret()).isTrue();
        assertThat(variable(1).id()).hasValue(12);
    }

    @ParameterizedTest(name = "{0}, typed \"{1}\": {2}")
    @CsvSource(textBlock = """
            stored secret,   '',    keep
            stored secret,   s3cr3t, replace
            new variable,    '',    replace
            new variable,    s3cr3t, replace
            """)
    void whatASecretFieldDoes(String row, String typed, String expected) {
        VariableRowModel edited;
        int index;
        if (row.equals("stored secret")) {
            edited = model.rows().get(1);
            index = 1;
            edited.secretValue().set("x"); // typed first, so that setting the value below is a change
        } else {
            model.add();
            index = model.rows().size() - 1;
            edited = model.rows().get(index);
            edited.secret().set(true);
            edited.secretValue().set("x");
        }
        edited.secretValue().set(typed);
        SecretInput input = variable(index).secretValue();
        String does = input instanceof SecretInput.Keep ? "keep" : input instanceof SecretInput.Clear ? "clear" : "replace";
        assertThat(does).isEqualTo(expected);
    }

    @Test
    void switchingToSecretCarriesThePlainValueOverAndBackToPlainStartsEmpty() {
        VariableRowModel tenant = model.rows().get(0);
        tenant.plainValue().set("acme-2");
        tenant.secret().set(true);
        assertThat(tenant.secretValue().get()).isEqualTo("acme-2");
        assertThat(variable(0).secret()).isTrue();
        assertThat(variable(0).plainValue()).isEmpty();
        assertThat(variable(0).secretValue()).isInstanceOfSatisfying(SecretInput.Replace.class,
                replace -> assertThat(replace.value().reveal()).isEqualTo("acme-2"));
        tenant.secret().set(false);
        assertThat(tenant.plainValue().get()).isEmpty();
        assertThat(variable(0).secret()).isFalse();
        assertThat(variable(0).plainValue()).isEmpty();
    }

    @Test
    void aStoredSecretSwitchedToPlainAndBackWithoutTypingIsKept() {
        VariableRowModel token = model.rows().get(1);
        token.secret().set(false);
        token.secret().set(true);
        assertThat(variable(1).secretValue()).isInstanceOf(SecretInput.Keep.class);
    }

    @Test
    void renamingEditsOnlyTheName() {
        model.rows().get(0).name().set("TENANT_ID");
        assertThat(variable(0)).isEqualTo(new VariableDraft(variable(0).id(), "TENANT_ID", false, "acme",
                SecretInput.KEEP));
    }

    @Test
    void addAppendsAnEmptyPlainRow() {
        model.add();
        assertThat(draft.value.variables()).hasSize(3);
        assertThat(variable(2)).isEqualTo(VariableDraft.plain("", ""));
        assertThat(model.rows()).hasSize(3);
        assertThat(model.rows().get(2).name().get()).isEmpty();
        assertThat(model.rows().get(2).storedSecret().get()).isFalse();
    }

    @Test
    void removingARowKeepsWhatTheRowsAfterItHoldAndTheirErrorsFollowThem() {
        VariableRowModel token = model.rows().get(1);
        token.secretValue().set("n3w-token");
        model.rows().get(0).remove();
        assertThat(model.rows()).containsExactly(token);
        assertThat(draft.value.variables()).extracting(VariableDraft::name).containsExactly("API_TOKEN");
        assertThat(token.secretValue().get()).isEqualTo("n3w-token");
        problems.put("variables[0].value", "A secret variable needs a value.");
        assertThat(token.valueProblem().get()).isEqualTo("A secret variable needs a value.");
        assertThat(token.nameProblem().get()).isEmpty();
    }

    @Test
    void anotherEnvironmentRefillsTheRowsThereAreAndDropsTheRest() {
        VariableRowModel first = model.rows().get(0);
        model.rows().get(1).secretValue().set("typed");
        int edits = draft.edits;
        EnvironmentDraft qa = EnvironmentDraft.of(StoredEnvironments.qa());
        model.fill(qa);
        assertThat(model.rows()).containsExactly(first);
        assertThat(first.plainValue().get()).isEqualTo("qa");
        assertThat(draft.edits).isEqualTo(edits);
        model.fill(EnvironmentDraft.of(StoredEnvironments.staging()));
        assertThat(model.rows().get(1).secretValue().get()).isEmpty();
        assertThat(model.rows().get(1).storedSecret().get()).isTrue();
    }

    @Test
    void revealAsksForTheStoredNameAndHidesOnTheSecondPress() {
        VariableRowModel token = model.rows().get(1);
        token.name().set("RENAMED");
        token.toggleReveal();
        assertThat(revealed).containsExactly("API_TOKEN");
        token.revealed().set("****");
        token.toggleReveal();
        assertThat(token.revealed().get()).isEmpty();
        assertThat(revealed).hasSize(1);
    }

    @Test
    void aSecretTypedIntoANewRowIsAReplacementOfItsOwn() {
        model.add();
        VariableRowModel added = model.rows().get(2);
        added.secret().set(true);
        added.secretValue().set("abc");
        Secret typed = ((SecretInput.Replace) variable(2).secretValue()).value();
        assertThat(typed.reveal()).isEqualTo("abc");
        assertThat(variable(2).id()).isEmpty();
    }
}
