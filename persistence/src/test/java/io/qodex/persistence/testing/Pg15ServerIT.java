package io.qodex.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The PostgreSQL 15 harness starts a real cluster, answers as version 15, and leaves nothing behind. */
class Pg15ServerIT {

    @Test
    void startsAnswersAsVersion15AndIsGoneAfterClose() throws Exception {
        Path data;
        try (Pg15Server server = Pg15Server.start()) {
            try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("show server_version")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("15");
            }
            assertThat(server.version()).startsWith("15");
            assertThat(server.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");
            try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select setting from pg_settings where name = 'data_directory'")) {
                rs.next();
                data = Path.of(rs.getString(1));
            }
            assertThat(data).isDirectory();
        }
        assertThat(Files.exists(data)).isFalse();
    }
}
