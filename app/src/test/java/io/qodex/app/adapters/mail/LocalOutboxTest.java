package io.qodex.app.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.domain.mail.OutgoingMail;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's "fill in the code" reads back what the local transport wrote: the newest code to that address only. */
class LocalOutboxTest {

    @TempDir
    Path home;

    @Test
    void theNewestCodeToTheAddressIsFoundAndOthersAreNot() throws Exception {
        Path folder = home.resolve("outbox");
        EmlFileTransport transport = new EmlFileTransport(folder);
        LocalOutbox outbox = new LocalOutbox(folder);
        assertThat(outbox.newestCode("amy@example.com")).isEmpty(); // no folder yet

        transport.send(new OutgoingMail(1, "amy@example.com", "Verify", "Hello,\n\nVerification code: AAAA-BBBB-CCCC\n"));
        transport.send(new OutgoingMail(2, "bob@example.com", "Verify", "Verification code: ZZZZ-ZZZZ-ZZZZ\n"));
        transport.send(new OutgoingMail(3, "Amy@Example.com", "Reset", "Reset code: DDDD-EEEE-FFFF\n\nNot you? Ignore it."));
        transport.send(new OutgoingMail(4, "amy@example.com", "Invitation", "You were invited to Shop."));

        assertThat(outbox.newestCode("amy@example.com")).contains("DDDD-EEEE-FFFF");
        assertThat(outbox.newestCode("bob@example.com")).contains("ZZZZ-ZZZZ-ZZZZ");
        assertThat(outbox.newestCode("carol@example.com")).isEmpty();
        Files.writeString(folder.resolve("99991231-235959-000000000009-amy@example.com.eml"), "not a mail at all");
        assertThat(outbox.newestCode("amy@example.com")).contains("DDDD-EEEE-FFFF");
    }
}
