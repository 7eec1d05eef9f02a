package io.qodex.persistence.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Everything a thief with the database gets: {@code pg_dump} of the whole database when a client at least as new
 * as the server is installed; otherwise (Debian 12 ships pg_dump 15, the embedded server is 17, and pg_dump refuses
 * newer servers) the same data taken as the superuser with {@code COPY ... TO STDOUT} for every table of every
 * schema, plus the roles' password verifiers.
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    public static String of(TestDatabase db) {
        PGSimpleDataSource superuser = (PGSimpleDataSource) db.superuser();
        try {
            int serverMajor;
            try (Connection c = superuser.getConnection()) {
                serverMajor = c.getMetaData().getDatabaseMajorVersion();
            }
            if (pgDumpMajor() >= serverMajor) {
                return pgDump(superuser);
            }
            return copyEverything(superuser);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which kind of dump {@link #of} takes on this machine, for test output. */
    public static String method(TestDatabase db) {
        try (Connection c = db.superuser().getConnection()) {
            return pgDumpMajor() >= c.getMetaData().getDatabaseMajorVersion() ? "pg_dump" : "COPY of every table";
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int pgDumpMajor() {
        try {
            Process process = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)\\.").matcher(output);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String pgDump(PGSimpleDataSource superuser) {
        try {
            ProcessBuilder builder = new ProcessBuilder("pg_dump", "--host", superuser.getServerNames()[0], "--port",
                    Integer.toString(superuser.getPortNumbers()[0]), "--username", superuser.getUser(),
                    "--dbname", superuser.getDatabaseName(), "--no-password");
            builder.environment().put("PGPASSWORD", superuser.getPassword());
            builder.redirectErrorStream(true);
            Process process = builder.start();
            String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("pg_dump failed: " + dump);
            }
            return dump;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String copyEverything(PGSimpleDataSource superuser) throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection c = superuser.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_tables "
                            + "where schemaname not in ('pg_catalog', 'information_schema') order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            tables.add("(select rolname, rolpassword from pg_authid)");
            for (String table : tables) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                dump.append("-- ").append(table).append('\n').append(out.toString(StandardCharsets.UTF_8));
            }
        }
        return dump.toString();
    }
}
