package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserErrorsTest {

    @Test
    void unwrapsPlaywrightsErrorObjects() {
        String message = "Error {\n  message='net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/\n  name='Error\n"
                + "  stack='Error: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/\n    at x\n}";

        assertThat(BrowserErrors.summary(message)).isEqualTo("net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/");
        assertThat(BrowserErrors.netError(message)).contains("net::ERR_CONNECTION_REFUSED");
    }

    @Test
    void keepsTheFirstLineOfOtherMessages() {
        assertThat(BrowserErrors.summary("Error: locator.click: Timeout 3000ms exceeded.\nCall log:\n  - waiting"))
                .isEqualTo("locator.click: Timeout 3000ms exceeded.");
        assertThat(BrowserErrors.summary(null)).isEmpty();
        assertThat(BrowserErrors.netError("nothing")).isEmpty();
    }
}
