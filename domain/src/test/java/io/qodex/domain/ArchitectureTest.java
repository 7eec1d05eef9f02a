package io.qodex.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain is plain Java; the other modules implement its ports (docs/decisions/0005-desktop-app-structure.md). */
class ArchitectureTest {

    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qodex.domain");

    @Test
    void theDomainUsesNoUiPersistenceBrowserLlmOrCryptoLibrary() {
        noClasses().that().resideInAPackage("io.qodex.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "javafx..", "org.controlsfx..", "atlantafx..",
                        "org.hibernate..", "jakarta.persistence..", "javax.persistence..",
                        "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..",
                        "com.microsoft.playwright..",
                        "com.openai..", "okhttp3..",
                        "org.bouncycastle..",
                        "io.qodex.persistence..", "io.qodex.app..")
                .because("the domain must stay plain Java")
                .check(DOMAIN);
    }

    @Test
    void theDomainDoesNotPrintToTheConsole() {
        noClasses().that().resideInAPackage("io.qodex.domain..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("logging goes through SLF4J")
                .check(DOMAIN);
    }

    @Test
    void theRulesSeeTheDomain() {
        org.assertj.core.api.Assertions.assertThat(DOMAIN.size()).isGreaterThan(20);
    }
}
