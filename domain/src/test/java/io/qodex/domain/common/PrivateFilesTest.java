package io.qodex.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directories 0700 and files 0600 from their creation, also when many writers race; tightening old trees. */
class PrivateFilesTest {

    @TempDir
    Path temp;

    @Test
    void directoriesAre0700FromTheStartAndExistingParentsAreLeftAlone() throws IOException {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path nested = shared.resolve("home/outbox");
        PrivateFiles.createDirectories(nested);
        assertThat(mode(shared.resolve("home"))).isEqualTo("rwx------");
        assertThat(mode(nested)).isEqualTo("rwx------");
        assertThat(mode(shared)).isEqualTo("rwxr-xr-x");

        Files.setPosixFilePermissions(nested, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.createDirectories(nested);
        assertThat(mode(nested)).as("an existing directory is made private").isEqualTo("rwx------");
    }

    @Test
    void filesAre0600WhateverWroteThemBefore() throws IOException {
        Path file = temp.resolve("config.properties");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(mode(file)).isEqualTo("rw-------");

        Path created = PrivateFiles.createIfAbsent(temp.resolve("server.log"));
        assertThat(mode(created)).isEqualTo("rw-------");
        PrivateFiles.append(temp.resolve("rejected.tsv"), "a\n".getBytes(StandardCharsets.UTF_8));
        PrivateFiles.append(temp.resolve("rejected.tsv"), "b\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(temp.resolve("rejected.tsv"))).isEqualTo("a\nb\n");
        assertThat(mode(temp.resolve("rejected.tsv"))).isEqualTo("rw-------");
        // no temporary files are left behind
        try (var names = Files.list(temp)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.properties",
                    "server.log", "rejected.tsv");
        }
    }

    @Test
    void manyWritersAtOnceNeitherFailNorLeaveAReadableFile() throws Exception {
        Path home = temp.resolve("home");
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int writer = i;
            done.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < 25; round++) {
                    PrivateFiles.createDirectories(home.resolve("outbox"));
                    PrivateFiles.write(home.resolve("state.properties"),
                            out -> out.write(("writer=" + writer).getBytes(StandardCharsets.UTF_8)));
                    PrivateFiles.createIfAbsent(home.resolve("marker"));
                    PrivateFiles.restrictTree(home, path -> false);
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(Files.readString(home.resolve("state.properties"))).startsWith("writer=");
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("outbox"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("state.properties"))).isEqualTo("rw-------");
        try (var names = Files.list(home)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("outbox",
                    "state.properties", "marker");
        }
    }

    @Test
    void restrictingATreeKeepsOnlyTheOwnersPermissions() throws IOException {
        Path home = Files.createDirectory(temp.resolve("home"));
        Path outbox = Files.createDirectory(home.resolve("outbox"));
        Path mail = Files.writeString(outbox.resolve("code.eml"), "Verification code: 12345678");
        Path program = Files.writeString(home.resolve("node"), "#!/bin/sh\n");
        Path data = Files.createDirectory(home.resolve("data"));
        Path untouched = Files.writeString(data.resolve("PG_VERSION"), "17");
        Path outside = Files.writeString(temp.resolve("outside.txt"), "not ours to change");
        Files.createSymbolicLink(home.resolve("link"), outside);
        for (Path directory : List.of(home, outbox, data)) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path file : List.of(mail, untouched, outside)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(PrivateFiles.restrictTree(home, data::equals)).isEqualTo(4);
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(outbox)).isEqualTo("rwx------");
        assertThat(mode(mail)).isEqualTo("rw-------");
        assertThat(mode(program)).isEqualTo("rwx------");
        assertThat(mode(data)).as("skipped").isEqualTo("rwxr-xr-x");
        assertThat(mode(untouched)).as("skipped").isEqualTo("rw-r--r--");
        assertThat(mode(outside)).as("a link's target is not followed").isEqualTo("rw-r--r--");
        assertThat(PrivateFiles.restrictTree(home, data::equals)).isZero();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
