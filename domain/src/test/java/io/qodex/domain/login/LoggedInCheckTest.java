package io.qodex.domain.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggedInCheckTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            selector:#logout             | selector:#logout
            '  selector:  #logout '      | selector:#logout
            url:${baseUrl}/dashboard**   | url:${baseUrl}/dashboard**
            ''                           | ''
            """)
    void roundTripsItsTextForm(String text, String normalised) {
        assertThat(LoggedInCheck.parse(text).toText()).isEqualTo(normalised);
    }

    @Test
    void emptyMeansNoPasswordField() {
        assertThat(LoggedInCheck.parse(" ")).isEqualTo(new LoggedInCheck.NoPasswordField());
    }

    @Test
    void rejectsOtherForms() {
        assertThatThrownBy(() -> LoggedInCheck.parse("#logout")).isInstanceOf(QodexException.class)
                .hasMessageContaining("selector:<selector>");
        assertThatThrownBy(() -> LoggedInCheck.parse("url:")).isInstanceOf(QodexException.class);
    }
}
