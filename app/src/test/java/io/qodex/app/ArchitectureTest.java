package io.qodex.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of the desktop app and the CLI, each a rule that fails when broken (docs/decisions/0005,
 * docs/decisions/0019): views and view models and the CLI reach the database only through the composition root
 * ({@code runtime}); adapters know nothing of the UI; feature packages do not depend on each other in circles;
 * JPA stays in persistence; the domain's packages form no cycle either.
 */
class ArchitectureTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qodex.app");
    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qodex.domain");
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qodex");

    /** Views, view models, their helpers and the shell. */
    private static final String[] UI = {"io.qodex.app.account..", "io.qodex.app.assistant..",
            "io.qodex.app.credentials..", "io.qodex.app.environments..", "io.qodex.app.firstrun..",
            "io.qodex.app.logins..", "io.qodex.app.members..", "io.qodex.app.organization..", "io.qodex.app.projects..",
            "io.qodex.app.shell..", "io.qodex.app.spend..", "io.qodex.app.common..", "io.qodex.app.scenarios..",
            "io.qodex.app.findings.."};

    /** Every test class of the three modules, main classes left out. */
    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("io.qodex");

    /**
     * {@code ./mvnw test} runs the unit tests in seconds with no database, display, browser or qodex process: a test
     * that needs one is an integration test, named {@code *IT} and run by failsafe in {@code verify}.
     */
    @Test
    void unitTestsNeedNoDatabaseDisplayBrowserOrProcess() {
        noClasses().that().haveSimpleNameEndingWith("Test")
                .should().dependOnClassesThat().resideInAnyPackage("io.qodex.persistence.testing..", "org.testfx..",
                        "com.microsoft.playwright..", "javax.sql..", "java.sql..", "org.flywaydb..", "org.hibernate..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.qodex.app.runtime.Backend")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.qodex.app.runtime.Workspace")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.qodex.app.testing.FxApp")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.qodex.app.testing.Cli")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.qodex.app.testing.TestBackends")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.qodex.app.testing.XvfbDisplay")
                .because("a test that needs PostgreSQL, TestFX, Chromium or a qodex process is an integration test "
                        + "(*IT, failsafe)")
                .check(TESTS);
    }

    @Test
    void theUiAndTheCliReachTheDatabaseOnlyThroughTheCompositionRoot() {
        noClasses().that().resideInAnyPackage(UI).or().resideInAPackage("io.qodex.app.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.qodex.persistence..")
                .because("only io.qodex.app.runtime wires persistence in")
                .check(APP);
    }

    @Test
    void adaptersKnowNothingOfTheUiOrTheCli() {
        noClasses().that().resideInAPackage("io.qodex.app.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage(UI)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.qodex.app.cli..", "javafx..", "atlantafx..",
                        "org.kordamp..")
                .because("an adapter serves the domain's ports, whoever calls it")
                .check(APP);
    }

    @Test
    void viewModelsHoldNoNodes() {
        noClasses().that().resideInAnyPackage(UI).and().haveSimpleNameEndingWith("Model")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "atlantafx..")
                .because("a view model holds properties and commands; its view builds and binds the nodes "
                        + "(docs/decisions/0005-desktop-app-structure.md)")
                .check(APP);
    }

    @Test
    void featurePackagesFormNoCycles() {
        slices().matching("io.qodex.app.(*)..").should().beFreeOfCycles().check(APP);
    }

    @Test
    void jpaAndHibernateStayInPersistence() {
        noClasses().that().resideOutsideOfPackage("io.qodex.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
                .check(ALL);
    }

    @Test
    void domainPackagesFormNoCycles() {
        slices().matching("io.qodex.domain.(*)..").should().beFreeOfCycles().check(DOMAIN);
    }

    @Test
    void theRulesSeeTheApp() {
        org.assertj.core.api.Assertions.assertThat(APP.size()).isGreaterThan(100);
    }
}
