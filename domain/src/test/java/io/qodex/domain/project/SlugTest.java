package io.qodex.domain.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.domain.common.QodexException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugTest {

    @ParameterizedTest
    @ValueSource(strings = {"ab", "shop", "checkout-web-eu", "0day", "a-"})
    void acceptsSlugs(String slug) {
        assertThat(Slug.parse(slug).value()).isEqualTo(slug);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            '',              Enter a slug.
            a,               at least 2 characters
            -shop,           starting with a letter or digit
            Shop,            lowercase letters
            shop_web,        lowercase letters
            shop web,        lowercase letters
            """)
    void refusesBadSlugsSayingWhy(String slug, String why) {
        assertThatThrownBy(() -> Slug.parse(slug)).isInstanceOf(QodexException.class).hasMessageContaining(why);
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongSlugs() {
        assertThatThrownBy(() -> Slug.parse("a".repeat(64))).hasMessageContaining("at most 63");
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            Checkout Web (EU),   checkout-web-eu
            Café Déjà Vu,        cafe-deja-vu
            '  --Shop--  ',      shop
            """)
    void suggestsSlugsFromNames(String name, String slug) {
        assertThat(Slug.suggestFrom(name)).isEqualTo(slug);
    }
}
