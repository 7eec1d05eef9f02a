package io.qodex.app.adapters.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrowserLocatorTest {

    private final BrowserLocator locator = new BrowserLocator(List.of("/usr/bin/chromium", "/usr/bin/google-chrome"),
            Set.of(Path.of("/usr/bin/google-chrome"), Path.of("/opt/custom/chrome"))::contains);

    @Test
    void theConfiguredBrowserWins() {
        assertThat(locator.locate(Optional.of(Path.of("/opt/custom/chrome")))).isEqualTo(Path.of("/opt/custom/chrome"));
    }

    @Test
    void otherwiseTheFirstInstalledCandidate() {
        assertThat(locator.locate(Optional.empty())).isEqualTo(Path.of("/usr/bin/google-chrome"));
    }

    @Test
    void aConfiguredPathThatIsNotThereIsNamed() {
        assertThatThrownBy(() -> locator.locate(Optional.of(Path.of("/opt/gone/chrome"))))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE))
                .hasMessageContaining("/opt/gone/chrome").hasMessageContaining("QODEX_BROWSER");
    }

    @Test
    void noBrowserAtAllSaysWhatToDo() {
        assertThatThrownBy(() -> new BrowserLocator(List.of("/usr/bin/chromium"), path -> false).locate(Optional.empty()))
                .hasMessage("No Chromium or Chrome found (looked for /usr/bin/chromium). Install one (on Debian: "
                        + "apt-get install chromium) or set its path in Application settings "
                        + "(QODEX_BROWSER).");
    }

    @Test
    void thisMachineHasOne() {
        assertThat(BrowserLocator.forThisMachine().locate(Optional.empty())).isExecutable();
    }
}
