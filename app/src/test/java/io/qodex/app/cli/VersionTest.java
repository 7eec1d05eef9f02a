package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code qodex --version} names the version and the commit the build was made from (the build writes it). */
class VersionTest {

    @Test
    void theVersionNamesTheCommitOfThisCheckout() {
        assertThat(new Version().getVersion()).singleElement().asString()
                .matches("Qodex Operator \\S+ \\(commit [0-9a-f]{12}\\)");
    }
}
