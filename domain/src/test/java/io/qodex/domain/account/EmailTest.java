package io.qodex.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            alice@example.com,        alice@example.com
            '  Alice@Example.COM  ',  alice@example.com
            a.b+tag@sub.example.org,  a.b+tag@sub.example.org
            """)
    void normalises(String raw, String expected) {
        assertThat(Email.parse(raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "alice", "alice@", "@example.com", "alice@example", "a b@example.com",
            "alice@@example.com", "alice@example.c om"})
    void refusesMalformedAddressesWithAClearMessage(String raw) {
        assertThatThrownBy(() -> Email.parse(raw))
                .isInstanceOf(QodexException.class)
                .hasMessageMatching("(Enter an email address\\.|\".*\" is not a valid email address\\.)");
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongAddresses() {
        assertThatThrownBy(() -> Email.parse("a".repeat(250) + "@example.com")).isInstanceOf(QodexException.class);
    }
}
