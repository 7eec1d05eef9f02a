package io.qodex.domain.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.SecretField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Ids before sealing (docs/decisions/0021): new rows take the allocated ids in order, every new secret is sealed for
 * its own row and column, and what goes on to a repository holds ciphertext only.
 */
class SealedEnvironmentTest {

    private final List<String> sealed = new ArrayList<>();
    private final SecretSealer sealer = (field, rowId, value) -> {
        sealed.add(field + " row " + rowId);
        return "v1.1." + field.ordinal() + "x" + rowId;
    };

    private static EnvironmentSpec spec(EnvironmentDraft draft) {
        return ((CheckedDraft.Valid) new DraftChecker(List.of(), path -> Optional.empty()).check(draft)).spec();
    }

    @Test
    void newRowsTakeTheAllocatedIdsAndTheirSecretsAreSealedForThem() {
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA", "https://qa.example.com", "")
                .withVariable(VariableDraft.plain("TENANT", "acme"))
                .withVariable(VariableDraft.secret("API_KEY", Secret.copyOf("sk-secret-1234")))
                .withProfile("admin", p -> p.withEmail("admin@example.com")
                        .withPassword(SecretInput.replace(Secret.copyOf("correct horse")))
                        .withStaticToken(SecretInput.CLEAR));
        AtomicLong variableIds = new AtomicLong(100);
        AtomicLong profileIds = new AtomicLong(500);

        SealedEnvironment environment = SealedEnvironment.of(spec(draft), variableIds::incrementAndGet,
                profileIds::incrementAndGet, sealer);

        assertThat(environment.variables()).extracting(SealedEnvironment.VariableRow::id).containsExactly(101L, 102L);
        assertThat(environment.variables()).allMatch(SealedEnvironment.VariableRow::added);
        assertThat(environment.variables().get(0).secretValue()).isEqualTo(SealedInput.KEEP);
        assertThat(environment.variables().get(1).secretValue()).isEqualTo(new SealedInput.Store(
                new SealedSecret("v1.1." + SecretField.ENVIRONMENT_VARIABLE.ordinal() + "x102")));
        SealedEnvironment.ProfileRow admin = environment.profiles().get(0);
        assertThat(admin.id()).isEqualTo(501);
        assertThat(admin.password()).isEqualTo(new SealedInput.Store(
                new SealedSecret("v1.1." + SecretField.AUTH_PASSWORD.ordinal() + "x501")));
        assertThat(admin.staticToken()).isEqualTo(SealedInput.CLEAR);
        assertThat(sealed).containsExactly("ENVIRONMENT_VARIABLE row 102", "AUTH_PASSWORD row 501");
        assertThat(environment.toString()).doesNotContain("sk-secret-1234", "correct horse");
    }

    @Test
    void storedRowsKeepTheirIdsAndOnlyReplacedSecretsAreSealed() {
        EnvironmentSpec stored = spec(EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA", "https://qa.example.com",
                ""));
        EnvironmentSpec edited = new EnvironmentSpec(OptionalLong.of(3), 4, stored.name(), stored.baseUrl(),
                stored.apiBaseUrl(), stored.preset(), stored.appearance(), stored.constraints(), List.of(
                        new EnvironmentSpec.VariableSpec(OptionalLong.of(7), new VariableName("KEPT"), true, "",
                                SecretInput.KEEP, Optional.of(new SealedSecret("v1.1.a2VwdA=="))),
                        new EnvironmentSpec.VariableSpec(OptionalLong.of(8), new VariableName("NEW_VALUE"), true, "",
                                SecretInput.replace(Secret.copyOf("rotated-value")), Optional.empty()),
                        new EnvironmentSpec.VariableSpec(OptionalLong.empty(), new VariableName("ADDED"), false,
                                "plain", SecretInput.KEEP, Optional.empty())), List.of());

        SealedEnvironment environment = SealedEnvironment.of(edited, () -> 9, () -> {
            throw new AssertionError("no profile is new");
        }, sealer);

        assertThat(environment.id()).hasValue(3);
        assertThat(environment.expectedVersion()).isEqualTo(4);
        assertThat(environment.variables()).extracting(SealedEnvironment.VariableRow::id).containsExactly(7L, 8L, 9L);
        assertThat(environment.variables()).extracting(SealedEnvironment.VariableRow::added)
                .containsExactly(false, false, true);
        assertThat(environment.variables().get(0).secretValue()).isEqualTo(SealedInput.KEEP);
        assertThat(sealed).containsExactly("ENVIRONMENT_VARIABLE row 8");
    }
}
