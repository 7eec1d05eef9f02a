package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code qodex org create|list|use} and {@code qodex org members add|remove|role} as the issue spells them (decision
 * 0030): the installation's first account administers the seeded organization with no setup; a later one belongs to
 * none and is told what to do; creating makes you admin; adding invites, and the person joins by accepting; the last
 * admin stays; each command's exit code and one-line message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrgCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private static Cli ada;
    private static Cli bo;
    private static Cli cy;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        ada = account("ada@example.com");
        bo = account("bo@example.com");
        cy = account("cy@example.com");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static Cli account(String email) throws java.io.IOException {
        Cli anonymous = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "orchard-lamp-42q");
        ok(anonymous.run("signup", "--email", email));
        String code = new LocalOutbox(Path.of(anonymous.environment().get("QODEX_HOME"), "outbox")).newestCode(email)
                .orElseThrow();
        ok(anonymous.run("verify", "--email", email, "--code", code));
        return anonymous.with("QODEX_EMAIL", email);
    }

    @Test
    @Order(1)
    void theFirstAccountAdministersTheSeededOrganizationWithoutSetup() throws Exception {
        Cli.Result list = ada.run("org", "list");
        ok(list);
        assertThat(list.out()).contains("CURRENT", "ORGANIZATION", "NAME", "ROLE").containsPattern(
                "\\*\\s+default\\s+Default organization\\s+admin");
        JsonNode json = JSON.readTree(ok(ada.run("org", "list", "--json")).out());
        assertThat(json.isArray()).isTrue();
        assertThat(json.get(0).get("slug").asText()).isEqualTo("default");
        assertThat(json.get(0).get("name").asText()).isEqualTo("Default organization");
        assertThat(json.get(0).get("role").asText()).isEqualTo("admin");
        assertThat(json.get(0).get("current").asBoolean()).isTrue();
        ok(ada.run("projects", "create", "--name", "Shop", "--slug", "shop"));
    }

    @Test
    @Order(2)
    void aLaterAccountBelongsToNoneAndIsToldWhatToDo() throws Exception {
        Cli.Result list = bo.run("org", "list");
        ok(list);
        assertThat(list.out() + list.err()).contains("You belong to no organization yet", "qodex org create --name",
                "qodex invitations");
        assertThat(JSON.readTree(ok(bo.run("org", "list", "--json")).out()).size()).isZero();
        assertFailure(bo.run("projects", "create", "--name", "Mine", "--slug", "mine"), 5,
                "You belong to no organization yet");
        assertThat(ok(bo.run("whoami")).out()).contains("organization: none.", "qodex org create");
        assertFailure(bo.run("org", "members", "add", "--email", "x@example.com"), 5, "no organization");
    }

    @Test
    @Order(3)
    void creatingMakesYouItsAdminAndCurrent() throws Exception {
        Cli.Result created = bo.run("org", "create", "--name", "Bo's agency", "--slug", "agency");
        ok(created);
        assertThat(created.out().strip()).isEqualTo("Created the organization agency (Bo's agency); you are its admin, "
                + "and it is your current organization.");
        assertFailure(cy.run("org", "create", "--name", "Copycat", "--slug", "agency"), 7, "already taken");
        assertFailure(cy.run("org", "create", "--name", "Bad", "--slug", "Not A Slug"), 2, "lowercase letters");
        ok(bo.run("projects", "create", "--name", "Client", "--slug", "client"));
        assertThat(ok(bo.run("projects", "list")).out()).contains("client").doesNotContain("shop");
        assertThat(ok(ada.run("projects", "list")).out()).contains("shop").doesNotContain("client");
        JsonNode json = JSON.readTree(ok(bo.run("org", "list", "--json")).out());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.get(0).get("slug").asText()).isEqualTo("agency");
        assertThat(json.get(0).get("current").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void addingInvitesAndThePersonJoinsByAccepting() throws Exception {
        Cli.Result added = ada.run("org", "members", "add", "--email", "Bo@example.com");
        ok(added);
        assertThat(added.out()).contains("Invited bo@example.com to default as member; they join when they accept "
                + "(qodex invitations accept --org default)");
        assertThat(JSON.readTree(ok(bo.run("org", "list", "--json")).out()).size()).as("not joined yet").isEqualTo(1);
        assertThat(ok(bo.run("org", "invitations")).out()).contains("default", "Default organization", "member",
                "ada@example.com");
        assertThat(ok(bo.run("invitations", "list")).out()).contains("qodex invitations accept --org SLUG");
        assertFailure(cy.run("invitations", "accept", "--org", "default"), 6, "no invitation");
        Cli.Result accepted = bo.run("invitations", "accept", "--org", "default");
        ok(accepted);
        assertThat(accepted.out()).contains("You joined the organization default as member");
        Cli.Result list = bo.run("org", "list");
        assertThat(list.out()).containsPattern("\\*\\s+default").containsPattern("\\n\\s+agency\\s+Bo's agency\\s+admin");
        assertFailure(bo.run("org", "members", "add", "--email", "cy@example.com"), 5, "Only an admin");
        assertFailure(bo.run("org", "members", "role", "--email", "bo@example.com", "--role", "admin"), 5,
                "Only an admin");
    }

    @Test
    @Order(5)
    void useChoosesTheCurrentOrganizationForLaterCommands() {
        Cli.Result used = bo.run("org", "use", "agency");
        ok(used);
        assertThat(used.out().strip()).isEqualTo("Current organization: agency (Bo's agency), you are admin.");
        assertThat(ok(bo.run("org", "list")).out()).containsPattern("\\*\\s+agency");
        assertFailure(bo.run("org", "use", "nowhere"), 6, "not a member of an organization \"nowhere\"");
        ok(bo.run("projects", "create", "--name", "Default side", "--slug", "default-side", "--org", "default"));
        assertThat(ok(ada.run("projects", "list")).out()).doesNotContain("default-side"); // org admins see no project rows
        assertFailure(cy.run("projects", "create", "--name", "X", "--slug", "x-proj", "--org", "agency"), 6,
                "not a member of an organization \"agency\"");
    }

    @Test
    @Order(6)
    void rolesChangeButTheLastAdminStays() {
        Cli.Result promoted = ada.run("org", "members", "role", "--email", "bo@example.com", "--role", "admin");
        ok(promoted);
        assertThat(promoted.out().strip()).isEqualTo("bo@example.com is now admin of default.");
        ok(ada.run("org", "members", "role", "--email", "ada@example.com", "--role", "member"));
        Cli.Result removed = bo.run("org", "members", "remove", "--email", "ada@example.com", "--org", "default");
        ok(removed);
        assertThat(removed.out().strip()).isEqualTo("Removed ada@example.com from default.");
        assertFailure(bo.run("org", "members", "role", "--email", "bo@example.com", "--role", "member", "--org",
                "default"), 5, "keeps at least one admin");
        assertFailure(bo.run("org", "members", "remove", "--email", "bo@example.com", "--org", "default"), 5,
                "keeps at least one admin");
        assertFailure(bo.run("org", "members", "add", "--email", "x@example.com", "--role", "owner"), 2,
                "admin or member");
        assertFailure(ada.run("org", "members", "add", "--email", "x@example.com", "--org", "default"), 6,
                "not a member of an organization \"default\"");
        assertFailure(bo.run("org", "members", "remove", "--email", "nobody@example.com"), 6, "not a member");
    }

    @Test
    @Order(7)
    void removingAnInvitedAddressWithdrawsTheInvitation() {
        ok(bo.run("org", "members", "add", "--email", "dee@example.com", "--role", "admin", "--org", "agency"));
        Cli.Result withdrawn = bo.run("org", "members", "remove", "--email", "dee@example.com", "--org", "agency");
        ok(withdrawn);
        assertThat(withdrawn.out().strip()).isEqualTo("Withdrew the invitation of dee@example.com to agency.");
    }

    @Test
    @Order(8)
    void confirmingAKeyThatChangedNeedsTheFingerprint() throws Exception {
        ok(bo.run("org", "members", "add", "--email", "cy@example.com", "--org", "agency"));
        ok(cy.run("invitations", "accept", "--org", "agency"));
        Cli.Result first = bo.run("org", "confirm", "--email", "cy@example.com", "--org", "agency");
        ok(first);
        assertThat(first.err()).contains("without comparing fingerprints");
        // someone who can write the database replaces cy's public keys with their own
        try (java.sql.Connection c = db.owner().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("update qodex.user_keys set public_key = decode(repeat('ab', 32), 'hex'), signing_public_key = "
                    + "decode(repeat('cd', 32), 'hex') where user_id = (select id from qodex.users "
                    + "where email = 'cy@example.com')");
        }
        Cli.Result blind = bo.run("org", "confirm", "--email", "cy@example.com", "--org", "agency");
        assertThat(blind.exitCode()).isNotZero();
        assertThat(blind.err()).contains("CHANGED since it was confirmed: not confirmed without --fingerprint");
        Cli.Result wrongWords = bo.run("org", "confirm", "--email", "cy@example.com", "--org", "agency",
                "--fingerprint", "alpha bravo charlie delta echo foxtrot golf hotel");
        assertThat(wrongWords.exitCode()).isNotZero();
        assertThat(wrongWords.err()).contains("not the one given: not confirmed");
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private static void assertFailure(Cli.Result result, int exitCode, String reason) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(exitCode);
        assertThat(result.err().strip()).startsWith("qodex: ").contains(reason).doesNotContain("\n");
    }
}
