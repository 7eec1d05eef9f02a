package io.qodex.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.standard();

    @ParameterizedTest
    @ValueSource(strings = {"tangerine-walrus-42x", "Orbit and 7 moons!", "kq9#Lm2@xP0z"})
    void acceptsStrongPasswords(String password) {
        assertThat(policy.problems(Secret.copyOf(password), "alice@example.com")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            short1!,               at least 12 characters
            password1234,          commonly used
            Password1234!,         commonly used
            Summer2024!!,          commonly used
            qwertyuiop123,         commonly used
            aaaaaaaaaaaaaa,        repeated character
            abcdefghijklmnop,      plain sequence
            alice-in-chains-99,    email address
            """)
    void refusesWeakPasswordsNamingTheRule(String password, String rule) {
        assertThat(String.join(" ", policy.problems(Secret.copyOf(password), "alice@example.com"))).contains(rule);
        assertThatThrownBy(() -> policy.check(Secret.copyOf(password), "alice@example.com"))
                .isInstanceOf(QodexException.class)
                .hasMessageStartingWith("The password is too weak:");
    }

    @Test
    void countsCharactersAsYouType() {
        assertThat(policy.problems(Secret.copyOf("abc"), "x@example.com"))
                .anySatisfy(p -> assertThat(p).contains("(3 so far)"));
    }

    @Test
    void theMessageNeverContainsThePassword() {
        assertThatThrownBy(() -> policy.check(Secret.copyOf("password1234"), "x@example.com"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("password1234"));
    }
}
