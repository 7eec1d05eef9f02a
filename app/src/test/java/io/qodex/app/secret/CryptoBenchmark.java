package io.qodex.app.secret;

import io.qodex.app.adapters.crypto.BouncyCastleKeyCrypto;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.SecretField;
import io.qodex.domain.secret.SymmetricKey;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.domain.secret.UserKeyMaterial;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (docs/benchmarks.md, "Secrets"): encrypt + decrypt of one secret (µs), wrapping for 50 members (ms), rotating a
 * project with 1,000 secrets (ms, through the real database), Argon2id unlock (ms). Prints numbers only.
 * Run: ./mvnw -B verify -Pbench -pl app -am -Dtest=CryptoBenchmark
 */
class CryptoBenchmark {

    private static final BouncyCastleKeyCrypto CRYPTO = new BouncyCastleKeyCrypto();

    @Test
    void measure() throws Exception {
        Secret password = Secret.copyOf("marble-octopus-73q");
        UserKeyMaterial material = io.qodex.app.adapters.crypto.CryptoFixtures.newUserKey(CRYPTO, password);
        UnlockedUserKey me = io.qodex.app.adapters.crypto.CryptoFixtures.unlock(CRYPTO, material, password);

        // encrypt + decrypt one secret
        SymmetricKey key = CRYPTO.newSymmetricKey(1);
        String aad = SecretField.BYOK_KEY.associatedData(42, 42);
        Secret value = Secret.copyOf("sk-proj-0123456789abcdefghijklmnopqrstuvwxyz");
        for (int i = 0; i < 20_000; i++) {
            CRYPTO.decrypt(key, aad, CRYPTO.encrypt(key, aad, value)).close();
        }
        long[] roundTrips = new long[20_000];
        for (int i = 0; i < roundTrips.length; i++) {
            long start = System.nanoTime();
            CRYPTO.decrypt(key, aad, CRYPTO.encrypt(key, aad, value)).close();
            roundTrips[i] = System.nanoTime() - start;
        }

        // wrap for 50 members
        List<byte[]> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            members.add(io.qodex.app.adapters.crypto.CryptoFixtures.newUserKey(CRYPTO, password).publicKey());
        }
        long[] wraps = new long[30];
        for (int round = -10; round < wraps.length; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < members.size(); i++) {
                CRYPTO.wrap(key, KeyScope.PROJECT, 42, i, members.get(i), me);
            }
            if (round >= 0) {
                wraps[round] = System.nanoTime() - start;
            }
        }

        // Argon2id (m=19 MiB, t=2, p=1): the one run of a sign-in, giving the login password and the sealing key
        long[] unlocks = new long[10];
        for (int round = -3; round < unlocks.length; round++) {
            long start = System.nanoTime();
            io.qodex.app.adapters.crypto.CryptoFixtures.unlock(CRYPTO, material, password).close();
            if (round >= 0) {
                unlocks[round] = System.nanoTime() - start;
            }
        }

        long[] rotations = rotateProjectWithThousandSecrets();

        System.out.println("=== CryptoBenchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ")");
        System.out.printf("encrypt+decrypt one secret: p50 %.1f us, p99 %.1f us (%d runs)%n",
                percentile(roundTrips, 50) / 1e3, percentile(roundTrips, 99) / 1e3, roundTrips.length);
        System.out.printf("wrap a project key for 50 members: p50 %.2f ms, max %.2f ms (%d runs)%n",
                percentile(wraps, 50) / 1e6, percentile(wraps, 100) / 1e6, wraps.length);
        System.out.printf("Argon2id unlock (m=19 MiB, t=2, p=1): p50 %.1f ms, max %.1f ms (%d runs)%n",
                percentile(unlocks, 50) / 1e6, percentile(unlocks, 100) / 1e6, unlocks.length);
        System.out.printf("rotate a project with 1,000 secrets (one transaction, real database): p50 %.0f ms, max %.0f ms (%d runs)%n",
                percentile(rotations, 50) / 1e6, percentile(rotations, 100) / 1e6, rotations.length);
        me.close();
    }

    private static long[] rotateProjectWithThousandSecrets() throws Exception {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            var environment = TestBackends.environment(db);
            try (Backend backend = TestBackends.open(environment)) {
                backend.accounts().signUp("bench@example.com", Secret.copyOf("marble-octopus-73q"));
                backend.relayMail();
                try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
                    Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                            .matcher(Files.readString(files.findFirst().orElseThrow()));
                    matcher.find();
                    backend.accounts().verify("bench@example.com", matcher.group(1), io.qodex.domain.common.Secret.copyOf("marble-octopus-73q"));
                }
                try (Workspace workspace = backend.signIn("bench@example.com", Secret.copyOf("marble-octopus-73q"))) {
                    Project project = workspace.projects().create("Bench", "bench");
                    try (Connection c = io.qodex.app.testing.TestBackends.userLogin(db, backend, workspace, "marble-octopus-73q").getConnection()) {
                        c.setAutoCommit(false);
                        long environmentId;
                        try (PreparedStatement p = c.prepareStatement("insert into environments (project_id, name, base_url) "
                                + "values (?, 'bench', 'https://bench.example') returning id")) {
                            p.setLong(1, project.id());
                            try (ResultSet rs = p.executeQuery()) {
                                rs.next();
                                environmentId = rs.getLong(1);
                            }
                        }
                        for (int i = 0; i < 1000; i++) {
                            long id;
                            try (PreparedStatement p = c.prepareStatement("insert into environment_variables (id, "
                                    + "project_id, environment_id, name, is_secret) values "
                                    + "((allocate_ids('environment_variables', 1))[1], ?, ?, ?, true) returning id")) {
                                p.setLong(1, project.id());
                                p.setLong(2, environmentId);
                                p.setString(3, "SECRET_" + i);
                                try (ResultSet rs = p.executeQuery()) {
                                    rs.next();
                                    id = rs.getLong(1);
                                }
                            }
                            try (PreparedStatement p = c.prepareStatement("update environment_variables set secret_value = ? where id = ?")) {
                                p.setString(1, workspace.secrets().encrypt(SecretField.ENVIRONMENT_VARIABLE, project.id(), id,
                                        Secret.copyOf("secret-value-" + i)));
                                p.setLong(2, id);
                                p.executeUpdate();
                            }
                        }
                        c.commit();
                    }
                    long[] times = new long[5];
                    for (int round = -1; round < times.length; round++) {
                        Project current = workspace.projects().bySlug("bench");
                        long start = System.nanoTime();
                        KeyRing.Rotation rotation = workspace.projects().rotateKey(current, OptionalLong.empty());
                        if (round >= 0) {
                            times[round] = System.nanoTime() - start;
                        }
                        if (rotation.reencrypted() != 1000) {
                            throw new IllegalStateException("re-encrypted " + rotation.reencrypted());
                        }
                    }
                    return times;
                }
            }
        }
    }

    private static double percentile(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
