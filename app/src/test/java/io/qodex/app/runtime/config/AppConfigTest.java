package io.qodex.app.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the data lives is asked once: not again when the CLI already set up the embedded database in this home. */
class AppConfigTest {

    @TempDir
    Path home;

    @Test
    void aNewHomeAsksAndAHomeWithAnEmbeddedDatabaseDoesNot() throws Exception {
        assertThat(AppConfig.load(new QodexHome(home), Map.of()).databaseChosen()).isFalse();
        Files.createDirectories(home.resolve("db/data"));
        assertThat(AppConfig.load(new QodexHome(home), Map.of()).databaseChosen()).as("an empty folder is no database")
                .isFalse();
        Files.writeString(home.resolve("db/data/PG_VERSION"), "17\n");
        AppConfig config = AppConfig.load(new QodexHome(home), Map.of());
        assertThat(config.databaseChosen()).isTrue();
        assertThat(config.database()).isInstanceOf(DatabaseChoice.Embedded.class);
        assertThat(AppConfig.load(new QodexHome(home.resolve("other")), Map.of("QODEX_DB_URL",
                "jdbc:postgresql://db.example.com/qodex")).databaseChosen()).isTrue();
    }
}
