package io.qodex.app.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            /p/shop/members,          shop,     MEMBERS
            /p/shop-web/byok,         shop-web, BYOK
            /p/shop-web/settings/,    shop-web, SETTINGS
            '  /p/a1/members  ',      a1,       MEMBERS
            """)
    void parsesProjectRoutes(String text, String slug, Section section) {
        assertThat(Route.parse(text)).contains(new Route(slug, Optional.of(section)));
    }

    @org.junit.jupiter.api.Test
    void aProjectWithoutASectionOpensItsDefault() {
        assertThat(Route.parse("/p/shop")).contains(new Route("shop", Optional.empty()));
        assertThat(Route.of("shop", Section.MEMBERS)).isEqualTo("/p/shop/members");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "shop", "/p/", "/p/Shop/members", "/p/shop/unknown", "/x/shop/members", "/p/-x/members",
            "/p/shop/members/a/b/c/d/e", "/p/shop/environments/%ZZ", "/p/shop/environments/a%0Ab"})
    void refusesWhatIsNotARoute(String text) {
        assertThat(Route.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aRouteCarriesWhatThePageSelectedEncodedSoItCanBeOpenedAgain() {
        String text = Route.of("shop", Section.ENVIRONMENTS, java.util.List.of("QA staging/EU", "variables"));
        assertThat(text).isEqualTo("/p/shop/environments/QA%20staging%2FEU/variables");
        assertThat(Route.parse(text)).contains(new Route("shop", Optional.of(Section.ENVIRONMENTS),
                java.util.List.of("QA staging/EU", "variables")));
        assertThat(Route.parse("/p/shop/scenarios/Checkout+%C3%A9t%C3%A9/")).contains(new Route("shop",
                Optional.of(Section.SCENARIOS), java.util.List.of("Checkout+été")));
        assertThat(Route.parse(text).orElseThrow().toString()).isEqualTo(text);
        String readable = Route.of("shop", Section.SCENARIOS, java.util.List.of("Catalogue: list (2), 100% +1"));
        assertThat(readable).isEqualTo("/p/shop/scenarios/Catalogue:%20list%20(2),%20100%25%20%2B1");
        assertThat(Route.parse(readable).orElseThrow().detail()).containsExactly("Catalogue: list (2), 100% +1");
    }

    @org.junit.jupiter.api.Test
    void aWrongRouteSaysWhatIsWrongAndWhatThereIs() {
        java.util.List<Section> sections = java.util.List.of(Section.ENVIRONMENTS, Section.LOGINS, Section.MEMBERS);
        assertThat(Route.problem("/p/nope/xyz", sections)).isEqualTo("\"xyz\" is not a section of a project. The "
                + "sections are: environments, logins, members.");
        assertThat(Route.problem(" shop/members ", sections)).isEqualTo("\"shop/members\" is not a route. Routes look "
                + "like /p/<project>/<section>, e.g. /p/shop/environments; the sections are: environments, logins, "
                + "members.");
    }
}
