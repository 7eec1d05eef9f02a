package io.qodex.app.environments;

import io.qodex.app.adapters.files.EnvironmentJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.LoginServer;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.ApiLoginDraft;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.EnvironmentService;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.environment.LoginHeader;
import io.qodex.domain.environment.Preview;
import io.qodex.domain.environment.SaveResult;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.environment.Token;
import io.qodex.domain.environment.TokenSource;
import io.qodex.domain.environment.Variable;
import io.qodex.domain.environment.VariableDraft;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.SecretField;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * F6/F7 services on a real PostgreSQL, as the users themselves (row-level security): presets, secrets only as
 * ciphertext, optimistic locking between two clients, field-named errors, the active environment per user, token
 * cache cleared on save, all-or-nothing import, clone, delete, and secrets surviving a key rotation.
 */
class EnvironmentServiceIT {

    private static final String PASSWORD = "lantern-harbor-58k";
    private static final String API_KEY = "sk-live-4242424242424242abcd";

    private static TestDatabase db;
    private static Backend backend;
    private static LoginServer loginServer;
    private static Workspace olivia;
    private static Workspace max;
    private static Workspace vera;
    private static Project shop;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        backend = TestBackends.open(db);
        loginServer = new LoginServer();
        olivia = user("olivia@example.com");
        olivia.projects().create("Shop Web", "shop");
        max = user("max@example.com");
        vera = user("vera@example.com");
        Project asOlivia = olivia.projects().bySlug("shop");
        Memberships.join(backend, olivia, asOlivia, "max@example.com", PASSWORD, ProjectRole.MEMBER);
        Memberships.join(backend, olivia, asOlivia, "vera@example.com", PASSWORD, ProjectRole.VIEWER);
        shop = olivia.projects().bySlug("shop");
    }

    @AfterAll
    static void tearDown() {
        for (Workspace w : new Workspace[] {olivia, max, vera}) {
            if (w != null) {
                w.close();
            }
        }
        loginServer.close();
        backend.close();
        db.close();
    }

    private static Workspace user(String email) {
        try (Secret password = Secret.copyOf(PASSWORD)) {
            backend.accounts().signUp(email, password);
        }
        backend.accounts().verify(email, db.codeFromMail(email, "Verification code"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        return signIn(email);
    }

    private static Workspace signIn(String email) {
        try (Secret password = Secret.copyOf(PASSWORD)) {
            return backend.signIn(email, password);
        }
    }

    private static Project project(Workspace workspace) {
        return workspace.projects().bySlug("shop");
    }

    private static Environment saved(SaveResult result) {
        assertThat(result).as("%s", result).isInstanceOf(SaveResult.Saved.class);
        return ((SaveResult.Saved) result).environment();
    }

    private static Environment create(Workspace workspace, EnvironmentPreset preset, String name, String url) {
        return saved(workspace.environments().create(project(workspace), preset, name, url, ""));
    }

    private static long ownerCount(String sql) throws Exception {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String ownerText(String sql) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void presetsBringTheirRecommendedConstraintsAndMarkProduction() {
        Environment production = create(olivia, EnvironmentPreset.PRODUCTION, "Production", "https://shop.example.com/");
        assertThat(production.baseUrl().value()).isEqualTo("https://shop.example.com");
        assertThat(production.constraints().describe())
                .isEqualTo("read-only, 5 rps, no destructive tests, no security testing");
        assertThat(production.appearance().productionLike()).isTrue();
        assertThat(production.appearance().color()).contains("#d64545");
        assertThat(production.lastChange().byEmail()).contains("olivia@example.com");
        Environment qa = create(olivia, EnvironmentPreset.QA, "QA staging", "https://qa.shop.example.com");
        assertThat(qa.constraints().describe()).isEqualTo("writable, 20 rps, destructive tests allowed, "
                + "security testing allowed");
        assertThat(create(olivia, EnvironmentPreset.LOCAL, "Local", "http://localhost:3000").constraints()
                .maxRequestsPerSecond()).isEqualTo(50);
        assertThat(create(olivia, EnvironmentPreset.PREVIEW, "Preview", "https://pr-1.preview.example.com")
                .constraints().maxRequestsPerSecond()).isEqualTo(20);
        assertThat(olivia.environments().list(shop)).extracting(e -> e.name().value())
                .containsSubsequence("Production", "QA staging", "Local", "Preview");
    }

    @Test
    void secretsAreStoredOnlyAsProjectKeyCiphertextAndRevealedOnlyToMembers() throws Exception {
        EnvironmentService service = olivia.environments();
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.STAGING, "Secrets", "https://s.example.com", "")
                .withVariable(VariableDraft.plain("TENANT", "acme"))
                .withVariable(VariableDraft.secret("API_KEY", Secret.copyOf(API_KEY)))
                .withProfile("admin", p -> p.withEmail("admin@shop.example")
                        .withPassword(SecretInput.replace(Secret.copyOf("pw-\"quoted\"-7788")))
                        .withStaticToken(SecretInput.replace(Secret.copyOf("static-token-0000ffff"))));
        Environment env = saved(service.save(shop, draft));

        String stored = ownerText("select coalesce(value, '') || ' ' || coalesce(secret_value, '') from qodex.environment_variables "
                + "union all select coalesce(email, '') || ' ' || coalesce(password_secret, '') || ' ' "
                + "|| coalesce(static_token_secret, '') from qodex.auth_profiles");
        assertThat(stored).contains("acme", "admin@shop.example").doesNotContain(API_KEY)
                .doesNotContain("pw-\"quoted\"").doesNotContain("static-token-0000ffff");
        assertThat(ownerText("select secret_value from qodex.environment_variables where name = 'API_KEY'"))
                .startsWith("v1.1.");

        Variable apiKey = env.variable("API_KEY").orElseThrow();
        assertThat(apiKey.display()).isEqualTo("****");
        assertThat(env.toString()).doesNotContain(API_KEY);
        try (Secret revealed = service.revealVariable(shop, env, "API_KEY")) {
            assertThat(revealed.reveal()).isEqualTo(API_KEY);
        }
        Environment asMax = max.environments().load(project(max), env.id());
        try (Secret revealed = max.environments().reveal(project(max), asMax, SecretField.AUTH_PASSWORD,
                asMax.profile("admin").orElseThrow().id())) {
            assertThat(revealed.reveal()).isEqualTo("pw-\"quoted\"-7788");
        }
        Environment asVera = vera.environments().load(project(vera), env.id());
        assertThatThrownBy(() -> vera.environments().revealVariable(project(vera), asVera, "API_KEY"))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));

        Preview preview = service.preview(shop, EnvironmentDraft.of(env), Optional.of("admin"));
        assertThat(preview.section(Preview.Section.VARIABLE)).extracting(Preview.Line::value)
                .containsExactly("acme", "****abcd");
        assertThat(preview.toString()).doesNotContain(API_KEY).doesNotContain("quoted");
        Preview forViewer = vera.environments().preview(project(vera), EnvironmentDraft.of(asVera), Optional.of("admin"));
        assertThat(forViewer.section(Preview.Section.VARIABLE)).extracting(Preview.Line::value)
                .containsExactly("acme", "****");
    }

    @Test
    void aConflictingSaveFromASecondClientIsReportedNotLost() throws Exception {
        Environment original = create(olivia, EnvironmentPreset.QA, "Shared", "https://shared.example.com");
        try (Workspace oliviaElsewhere = signIn("olivia@example.com")) {
            EnvironmentDraft mine = olivia.environments().edit(olivia.environments().load(shop, original.id()));
            EnvironmentDraft theirs = max.environments().edit(max.environments().load(project(max), original.id()));
            EnvironmentDraft alsoMine = oliviaElsewhere.environments().edit(
                    oliviaElsewhere.environments().load(project(oliviaElsewhere), original.id()));

            saved(max.environments().save(project(max), theirs.withUrls("https://shared-v2.example.com", "")
                    .withVariable(VariableDraft.plain("REGION", "eu"))));

            SaveResult second = olivia.environments().save(shop, mine.withAppearance("#123456", "MINE", false));
            assertThat(second).isInstanceOf(SaveResult.Conflict.class);
            var conflict = ((SaveResult.Conflict) second).conflict();
            assertThat(conflict.message()).contains("max@example.com").contains("nothing was saved")
                    .contains("base URL: https://shared.example.com → https://shared-v2.example.com")
                    .contains("variable REGION added");
            Environment stored = olivia.environments().load(shop, original.id());
            assertThat(stored.baseUrl().value()).isEqualTo("https://shared-v2.example.com");
            assertThat(stored.appearance().label()).contains("QA");

            // the same user in a second workspace is no exception
            assertThat(oliviaElsewhere.environments().save(project(oliviaElsewhere), alsoMine.withName("Shared 2")))
                    .isInstanceOf(SaveResult.Conflict.class);

            // reload: their change and mine together
            Environment merged = saved(olivia.environments().save(shop, olivia.environments()
                    .edit(conflict.current().orElseThrow()).withAppearance("#123456", "MINE", false)));
            assertThat(merged.baseUrl().value()).isEqualTo("https://shared-v2.example.com");
            assertThat(merged.appearance().label()).contains("MINE");
            assertThat(merged.version()).isGreaterThan(stored.version());

            // keep editing: a deliberate replacement of what is now stored
            Environment replaced = saved(max.environments().save(project(max),
                    theirs.rebasedOn(merged).withUrls("https://max-wins.example.com", "")));
            assertThat(replaced.appearance().label()).contains("QA");
            assertThat(replaced.lastChange().byEmail()).contains("max@example.com");
        }
    }

    @Test
    void twoSavesAtTheSameMomentCannotBothWin() throws Exception {
        Environment original = create(olivia, EnvironmentPreset.QA, "Raced", "https://raced.example.com");
        try (Workspace other = signIn("olivia@example.com")) {
            EnvironmentDraft a = olivia.environments().edit(original).withUrls("https://a.example.com", "");
            EnvironmentDraft b = other.environments().edit(original).withUrls("https://b.example.com", "");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SaveResult>> results = new ArrayList<>();
            for (Callable<SaveResult> save : List.<Callable<SaveResult>>of(
                    () -> { start.await(); return olivia.environments().save(shop, a); },
                    () -> { start.await(); return other.environments().save(project(other), b); })) {
                results.add(pool.submit(save));
            }
            start.countDown();
            List<SaveResult> done = new ArrayList<>();
            for (Future<SaveResult> result : results) {
                done.add(result.get());
            }
            pool.shutdown();
            assertThat(done).filteredOn(r -> r instanceof SaveResult.Saved).hasSize(1);
            assertThat(done).filteredOn(r -> r instanceof SaveResult.Conflict).hasSize(1);
        }
    }

    @Test
    void invalidInputsAreRefusedWithTheirFieldsAndChangeNothing() throws Exception {
        long before = ownerCount("select count(*) from qodex.environments");
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.LOCAL, "production", "localhost:3000",
                        "ftp://api")
                .withVariables(List.of(VariableDraft.plain("1X", "a"), VariableDraft.plain("OK", "${nope}")))
                .withConstraints(false, 5000, false, false);
        create(olivia, EnvironmentPreset.PRODUCTION, "Production EU", "https://eu.shop.example.com");
        SaveResult result = olivia.environments().save(shop, draft.withName("production eu"));
        assertThat(result).isInstanceOf(SaveResult.Invalid.class);
        assertThat(((SaveResult.Invalid) result).problems()).extracting(FieldProblem::field)
                .contains("name", "baseUrl", "apiBaseUrl", "maxRequestsPerSecond", "variables[0].name");
        assertThat(ownerCount("select count(*) from qodex.environments")).isEqualTo(before + 1);
        assertThatThrownBy(() -> olivia.environments().saveOrThrow(shop, draft.withName("Unique name")))
                .isInstanceOfSatisfying(QodexException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_INPUT);
                    assertThat(e.field()).contains("baseUrl");
                })
                .hasMessageContaining("baseUrl: ").hasMessageContaining("maxRequestsPerSecond: ");
    }

    @Test
    void viewersCannotChangeEnvironmentsNotEvenPastTheService() {
        Environment env = create(olivia, EnvironmentPreset.LOCAL, "Viewer target", "http://localhost:9000");
        Project asVera = project(vera);
        assertThatThrownBy(() -> vera.environments().save(asVera, EnvironmentDraft.of(env).withName("pwned")))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        // straight at the repository: row-level security refuses the write
        var spec = ((io.qodex.domain.environment.CheckedDraft.Valid) vera.environments().validate(asVera,
                EnvironmentDraft.of(env).withName("pwned"))).spec();
        var sealed = io.qodex.domain.environment.SealedEnvironment.of(spec, () -> 1, () -> 1, (f, r, s) -> "x");
        assertThatThrownBy(() -> vera.user().session().environmentChanges().update(asVera.id(), sealed))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        assertThatThrownBy(() -> vera.user().session().environmentChanges().delete(asVera.id(), env.id(), env.version()))
                .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        assertThat(olivia.environments().load(shop, env.id()).name().value()).isEqualTo("Viewer target");
    }

    @Test
    void theActiveEnvironmentIsPerUserPerProjectAndRemembered() {
        Environment a = create(olivia, EnvironmentPreset.STAGING, "Active A", "https://a.example.com");
        Environment b = create(olivia, EnvironmentPreset.QA, "Active B", "https://b.example.com");
        olivia.environments().use(shop, "Active A");
        max.environments().use(project(max), b.id());
        assertThat(olivia.environments().active(shop).map(EnvironmentSummary::id)).contains(a.id());
        assertThat(max.environments().active(project(max)).map(EnvironmentSummary::id)).contains(b.id());
        try (Workspace later = signIn("olivia@example.com")) {
            assertThat(later.environments().active(project(later)).map(EnvironmentSummary::name))
                    .hasValueSatisfying(n -> assertThat(n.value()).isEqualTo("Active A"));
        }
        List<EnvironmentSummary> all = olivia.environments().list(shop);
        int index = all.indexOf(all.stream().filter(e -> e.id() == a.id()).findFirst().orElseThrow());
        assertThat(olivia.environments().useNext(shop).id()).isEqualTo(all.get((index + 1) % all.size()).id());
        assertThat(olivia.environments().useNumber(shop, 1).id()).isEqualTo(all.get(0).id());
        assertThatThrownBy(() -> olivia.environments().useNumber(shop, 99)).isInstanceOf(QodexException.class);
        assertThat(vera.environments().use(project(vera), a.id()).id()).isEqualTo(a.id());
    }

    @Test
    void savingClearsTheTokenCacheOfThatEnvironment() {
        EnvironmentDraft draft = EnvironmentDraft.fromPreset(EnvironmentPreset.LOCAL, "Tokens", loginServer.url(""), "")
                .withProfile("admin", p -> p.withEmail(LoginServer.EMAIL)
                        .withPassword(SecretInput.replace(Secret.copyOf(LoginServer.PASSWORD)))
                        .withApiLogin(Optional.of(new ApiLoginDraft("POST", "${baseUrl}/api/login",
                                List.of(LoginHeader.contentTypeJson()),
                                "{\"email\": \"${AUTH_EMAIL}\", \"password\": \"${AUTH_PASSWORD}\"}",
                                "$.data.auth.token"))));
        Environment env = saved(olivia.environments().save(shop, draft));
        int logins = loginServer.seen.size();
        try (Token first = olivia.environments().token(shop, env, "admin")) {
            assertThat(first.source()).isEqualTo(TokenSource.HTTP_LOGIN);
            assertThat(first.value().reveal()).isEqualTo(LoginServer.TOKEN);
            assertThat(first.masked()).isEqualTo("****9f3c");
        }
        try (Token second = olivia.environments().token(shop, env, "admin")) {
            assertThat(second.source()).isEqualTo(TokenSource.CACHE);
        }
        assertThat(loginServer.seen).hasSize(logins + 1);
        Environment renamed = saved(olivia.environments().rename(shop, env, "Tokens 2"));
        try (Token third = olivia.environments().token(shop, renamed, "admin")) {
            assertThat(third.source()).isEqualTo(TokenSource.HTTP_LOGIN);
        }
        assertThat(loginServer.seen).hasSize(logins + 2);

        var outcome = olivia.environments().testLogin(shop, EnvironmentDraft.of(renamed), "admin");
        assertThat(outcome.message()).startsWith("Logged in: HTTP 200").endsWith("token ****9f3c.");
        // the window's "Test login": the same precedence, saying where the token came from
        assertThat(olivia.environments().cachedTokenNote(renamed.id(), "admin")).hasValueSatisfying(note ->
                assertThat(note).startsWith("A cached token (from an HTTP login) is used for ").contains(" min more"));
        assertThat(olivia.environments().testToken(shop, renamed.id(), EnvironmentDraft.of(renamed), "admin"))
                .startsWith("Token from the cache (****9f3c): an HTTP login of the last 30 minutes, used for ");
        Environment cleared = saved(olivia.environments().rename(shop, renamed, "Tokens 3")); // saving clears the cache
        assertThat(olivia.environments().cachedTokenNote(cleared.id(), "admin")).isEmpty();
        assertThat(olivia.environments().testToken(shop, cleared.id(), EnvironmentDraft.of(cleared), "admin"))
                .matches("Token from the HTTP login: Logged in: HTTP 200 in \\d+ ms, token \\*{4}9f3c\\. Cached for 30 "
                        + "minutes\\.");
        assertThat(olivia.environments().testToken(shop, cleared.id(), EnvironmentDraft.of(cleared).withProfile("admin",
                p -> p.withStaticToken(SecretInput.replace(Secret.copyOf("typed-not-saved-5678")))), "admin"))
                .isEqualTo("Token from the static token (****5678); the HTTP login is not needed.");
        renamed = cleared;
        Environment withStatic = saved(olivia.environments().save(shop, EnvironmentDraft.of(renamed)
                .withProfile("admin", p -> p.withStaticToken(SecretInput.replace(Secret.copyOf("static-abcdefgh-1234"))))));
        try (Token fourth = olivia.environments().token(shop, withStatic, "admin")) {
            assertThat(fourth.source()).isEqualTo(TokenSource.STATIC_TOKEN);
            assertThat(fourth.value().reveal()).isEqualTo("static-abcdefgh-1234");
        }
    }

    @Test
    void importIsAllOrNothingAndListsEveryProblem() throws Exception {
        long environments = ownerCount("select count(*) from qodex.environments");
        long variables = ownerCount("select count(*) from qodex.environment_variables");
        StringBuilder many = new StringBuilder("{\"format\": \"qodex.environment.v1\", \"name\": \"Many\", "
                + "\"baseUrl\": \"https://many.example.com\", \"variables\": [");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\": \"V").append(i).append("\", \"value\": \"x\"}");
        }
        many.append("]}");
        List<String> hostile = List.of(
                many.toString(),
                "{\"format\": \"qodex.environment.v1\", \"name\": 7, \"baseUrl\": \"https://x.example.com\", "
                        + "\"readOnly\": \"no\", \"extra\": {\"deep\": true}, \"variables\": [{\"name\": \"A\", "
                        + "\"value\": \"${B}\"}, {\"name\": \"B\", \"value\": \"${A}\"}]}",
                "{\"format\": \"qodex.environment.v1\", \"name\": \"Huge\", \"baseUrl\": \"https://x.example.com/"
                        + "a".repeat(50_000) + "\"}",
                "{\"format\": \"qodex.environment.v1\", \"name\": \"Dup\", \"name\": \"Dup\"}",
                "[1, 2, 3]",
                "{\"format\": \"qodex.environment.v1\", \"name\": \"Bad\", \"baseUrl\": \"https://x.example.com\", "
                        + "\"variables\": [{\"name\": \"OK\", \"value\": \"x\"}, {\"name\": \"1bad\"}]}");
        for (String text : hostile) {
            List<FieldProblem> problems;
            try {
                SaveResult result = olivia.environments().importTree(shop,
                        EnvironmentJson.parse(text.getBytes(StandardCharsets.UTF_8)), Optional.empty());
                assertThat(result).isInstanceOf(SaveResult.Invalid.class);
                problems = ((SaveResult.Invalid) result).problems();
            } catch (QodexException e) {
                problems = List.of(new FieldProblem(e.field().orElse("?"), e.getMessage()));
            }
            assertThat(problems).as(text.substring(0, Math.min(80, text.length()))).isNotEmpty();
            assertThat(problems.toString()).hasSizeLessThan(5000).doesNotContain("aaaaaaaaaa");
        }
        SaveResult typed = olivia.environments().importTree(shop, EnvironmentJson.parse(hostile.get(1)
                .getBytes(StandardCharsets.UTF_8)), Optional.empty());
        assertThat(((SaveResult.Invalid) typed).problems()).extracting(FieldProblem::toString).contains(
                "name: Expected text, found a number.", "readOnly: Expected true or false, found text.",
                "extra: Unknown field.");
        assertThat(ownerCount("select count(*) from qodex.environments")).isEqualTo(environments);
        assertThat(ownerCount("select count(*) from qodex.environment_variables")).isEqualTo(variables);
    }

    @Test
    void exportLeavesSecretsOutAndImportBringsTheRestBack() {
        Environment source = saved(olivia.environments().save(shop, EnvironmentDraft.fromPreset(
                        EnvironmentPreset.PRODUCTION, "Exported", "https://exp.example.com", "https://api.exp.example.com")
                .withVariable(VariableDraft.plain("TENANT", "acme"))
                .withVariable(VariableDraft.secret("API_KEY", Secret.copyOf(API_KEY)))
                .withProfile("admin", p -> p.withEmail("admin@exp.example")
                        .withPassword(SecretInput.replace(Secret.copyOf("export-password-1")))
                        .withApiLogin(Optional.of(ApiLoginDraft.defaults())))));
        String json = EnvironmentJson.write(olivia.environments().export(source));
        assertThat(json).contains("\"omitted\" : true", "\"passwordOmitted\" : true", "${apiBaseUrl}/login")
                .doesNotContain(API_KEY).doesNotContain("export-password-1").doesNotContain("v1.");
        Environment imported = saved(olivia.environments().importTree(shop,
                EnvironmentJson.parse(json.getBytes(StandardCharsets.UTF_8)), Optional.of("Imported")));
        assertThat(imported.name().value()).isEqualTo("Imported");
        assertThat(imported.constraints()).isEqualTo(source.constraints());
        assertThat(imported.apiBaseUrl()).isEqualTo(source.apiBaseUrl());
        assertThat(imported.variable("API_KEY").orElseThrow().hasValue()).isFalse();
        assertThat(imported.profile("admin").orElseThrow().password()).isEmpty();
        assertThat(imported.profile("admin").orElseThrow().apiLogin()).isEqualTo(source.profile("admin").orElseThrow()
                .apiLogin());
        SaveResult again = olivia.environments().importTree(shop, EnvironmentJson.parse(json.getBytes(
                StandardCharsets.UTF_8)), Optional.empty());
        assertThat(((SaveResult.Invalid) again).problems()).extracting(FieldProblem::field).containsExactly("name");
    }

    @Test
    void cloneRenameAndDeleteWithConfirmation() {
        Environment source = saved(olivia.environments().save(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA,
                        "Clone me", "https://clone.example.com", "")
                .withVariable(VariableDraft.secret("API_KEY", Secret.copyOf(API_KEY)))));
        Environment copy = saved(olivia.environments().clone(shop, source, "Clone me too"));
        assertThat(copy.id()).isNotEqualTo(source.id());
        assertThat(copy.variable("API_KEY").orElseThrow().sealedValue())
                .isNotEqualTo(source.variable("API_KEY").orElseThrow().sealedValue());
        try (Secret value = olivia.environments().revealVariable(shop, copy, "API_KEY")) {
            assertThat(value.reveal()).isEqualTo(API_KEY);
        }
        SaveResult clash = olivia.environments().rename(shop, copy, "CLONE ME");
        assertThat(((SaveResult.Invalid) clash).problems()).extracting(FieldProblem::field).containsExactly("name");

        olivia.environments().use(shop, copy.id());
        assertThatThrownBy(() -> olivia.environments().delete(shop, copy.summary(), "clone me too"))
                .isInstanceOf(QodexException.class).hasMessageContaining("Type the name of the environment (Clone me too)");
        olivia.environments().delete(shop, copy.summary(), "Clone me too");
        assertThat(olivia.environments().list(shop)).noneMatch(e -> e.id() == copy.id());
        assertThat(olivia.environments().active(shop)).isEmpty();
    }

    @Test
    void namesCanSwapInOneSaveAndSecretsCanBeToggled() {
        Environment env = saved(olivia.environments().save(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.LOCAL,
                        "Swaps", "http://localhost:1234", "")
                .withVariable(VariableDraft.plain("A", "first"))
                .withVariable(VariableDraft.plain("B", "second"))));
        List<VariableDraft> swapped = EnvironmentDraft.of(env).variables().stream()
                .map(v -> new VariableDraft(v.id(), v.name().equals("A") ? "B" : "A", v.secret(), v.plainValue(),
                        v.secretValue())).toList();
        Environment after = saved(olivia.environments().save(shop, EnvironmentDraft.of(env).withVariables(swapped)));
        assertThat(after.variable("A").orElseThrow().plainValue()).contains("second");
        assertThat(after.variable("B").orElseThrow().plainValue()).contains("first");

        VariableDraft a = EnvironmentDraft.of(after).variables().get(0);
        Environment secret = saved(olivia.environments().save(shop, EnvironmentDraft.of(after).withVariables(List.of(
                new VariableDraft(a.id(), a.name(), true, "", SecretInput.replace(Secret.copyOf("now-secret-value"))),
                EnvironmentDraft.of(after).variables().get(1)))));
        assertThat(secret.variable(a.name()).orElseThrow().secret()).isTrue();
        assertThat(secret.variable(a.name()).orElseThrow().id()).isEqualTo(a.id().getAsLong());
        Environment plainAgain = saved(olivia.environments().save(shop, EnvironmentDraft.of(secret)
                .withVariable(VariableDraft.plain(a.name(), "plain again"))));
        assertThat(plainAgain.variable(a.name()).orElseThrow().plainValue()).contains("plain again");
        assertThat(plainAgain.variable(a.name()).orElseThrow().sealedValue()).isEmpty();
    }

    @Test
    void environmentSecretsSurviveAKeyRotation() throws Exception {
        Environment env = saved(olivia.environments().save(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA,
                        "Rotated", "https://rot.example.com", "")
                .withVariable(VariableDraft.secret("ROTATED_KEY", Secret.copyOf(API_KEY)))));
        String before = ownerText("select secret_value from qodex.environment_variables where name = 'ROTATED_KEY'");
        user("temp@example.com").close();
        Memberships.join(backend, olivia, shop, "temp@example.com", PASSWORD, ProjectRole.MEMBER);
        Member member = olivia.members().list(shop).stream()
                .filter(m -> m.email().value().equals("temp@example.com")).findFirst().orElseThrow();
        olivia.members().remove(project(olivia), member);
        shop = olivia.projects().bySlug("shop");
        String after = ownerText("select secret_value from qodex.environment_variables where name = 'ROTATED_KEY'");
        assertThat(after).isNotEqualTo(before).startsWith("v1." + shop.keyVersion() + ".");
        Environment reloaded = olivia.environments().load(shop, env.id());
        try (Secret value = olivia.environments().revealVariable(shop, reloaded, "ROTATED_KEY")) {
            assertThat(value.reveal()).isEqualTo(API_KEY);
        }
        // a draft loaded before the rotation still saves (its kept secrets are left as stored)
        saved(olivia.environments().save(shop, EnvironmentDraft.of(env).rebasedOn(reloaded).withName("Rotated 2")));
    }
}
