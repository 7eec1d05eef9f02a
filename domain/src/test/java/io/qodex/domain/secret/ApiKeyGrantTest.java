package io.qodex.domain.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The numbers that name an API key as a wrap's recipient, and what its creator signs and its anchor covers. */
class ApiKeyGrantTest {

    @Test
    void aKeysRecipientNumberIsNegativeAndLeadsBackToItsId() {
        for (String id : new String[] {"aaaaaaaa", "77777777", "k3ab2xyz"}) {
            long recipient = ApiKeyGrant.recipient(id);
            assertThat(recipient).isNegative();
            assertThat(ApiKeyGrant.keyIdOf(recipient)).isEqualTo(id);
        }
        assertThat(ApiKeyGrant.recipient("aaaaaaaa")).isEqualTo(-1); // never 0, never a user's id
        assertThat(ApiKeyGrant.recipient("aaaaaaab")).isNotEqualTo(ApiKeyGrant.recipient("aaaaaaba"));
        assertThatThrownBy(() -> ApiKeyGrant.recipient("short")).isInstanceOf(QodexException.class);
        assertThatThrownBy(() -> ApiKeyGrant.recipient("aaaaaaa1")).isInstanceOf(QodexException.class);
        assertThatThrownBy(() -> ApiKeyGrant.keyIdOf(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGrantAndTheAnchorBindProjectKeyAndRoster() {
        byte[] publicKey = new byte[32];
        java.time.Instant expires = java.time.Instant.parse("2027-01-02T03:04:00Z");
        String grant = new String(ApiKeyGrant.signedContent(7, "abcdefgh", publicKey, expires), StandardCharsets.UTF_8);
        assertThat(grant).startsWith("qodex-api-key-grant-v1|7|abcdefgh|").endsWith("|" + expires.getEpochSecond() / 60);
        assertThat(ApiKeyGrant.signedContent(8, "abcdefgh", publicKey, expires))
                .isNotEqualTo(ApiKeyGrant.signedContent(7, "abcdefgh", publicKey, expires));
        assertThat(ApiKeyGrant.signedContent(7, "abcdefgh", publicKey, expires.plusSeconds(3600)))
                .isNotEqualTo(ApiKeyGrant.signedContent(7, "abcdefgh", publicKey, expires));
        String anchor = new String(ApiKeyGrant.anchorContent(7, "abcdefgh", 3, new byte[32]), StandardCharsets.UTF_8);
        assertThat(anchor).startsWith("qodex-api-key-anchor-v1|7|abcdefgh|3|");
    }
}
