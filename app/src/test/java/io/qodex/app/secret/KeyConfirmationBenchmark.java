package io.qodex.app.secret;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.KeyScope;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sign-in (one Argon2id run giving the login password and the sealing key, after reading the KDF parameters) and key
 * confirmation of 50 members (all at once: one signed roster and 50 signed wraps; one by one: a roster each), and
 * verifying a 51-member chain from its first roster versus from a pin. Prints numbers only.
 * Run: ./mvnw -B verify -Pbench -pl app -am -Dtest=KeyConfirmationBenchmark
 */
class KeyConfirmationBenchmark {

    private static final String PASSWORD = "quartz-harbor-lamp-81";

    @Test
    void measure() throws Exception {
        TestDatabase db = TestPostgres.freshDatabase();
        java.util.Map<String, String> environment = TestBackends.environment(db);
        java.nio.file.Path pins = java.nio.file.Path.of(environment.get("QODEX_HOME"), "pins");
        try (db; Backend backend = TestBackends.open(environment)) {
            try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
                s.execute("update qodex.rate_limit_settings set max_count = 1000 where name = 'sign_up'");
            }
            List<String> people = new ArrayList<>();
            for (int i = 0; i <= 100; i++) {
                people.add("person" + i + "@example.com");
            }
            for (String email : people) {
                backend.accounts().signUp(email, Secret.copyOf(PASSWORD));
                backend.accounts().verify(email, db.codeFromMail(email, "Verification code"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
            }

            long[] signIns = new long[30];
            for (int round = -5; round < signIns.length; round++) {
                long start = System.nanoTime();
                backend.signIn(people.get(0), Secret.copyOf(PASSWORD)).close();
                if (round >= 0) {
                    signIns[round] = System.nanoTime() - start;
                }
            }
            long[] parameters = new long[30];
            for (int round = -5; round < parameters.length; round++) {
                long start = System.nanoTime();
                backend.database().directory().loginParameters(new io.qodex.domain.account.Email(people.get(0)));
                if (round >= 0) {
                    parameters[round] = System.nanoTime() - start;
                }
            }

            long atOnce;
            long[] oneByOne = new long[50];
            long fromFirst;
            long fromPin;
            try (Workspace admin = backend.signIn(people.get(0), Secret.copyOf(PASSWORD))) {
                Project together = invited(backend, admin, "together", people.subList(1, 51));
                List<Member> waiting = admin.members().list(together);
                long start = System.nanoTime();
                int confirmed = admin.members().confirmAll(together, waiting);
                atOnce = System.nanoTime() - start;
                if (confirmed != 50) {
                    throw new AssertionError(confirmed + " confirmed");
                }
                Project single = invited(backend, admin, "single", people.subList(51, 101));
                List<Member> each = admin.members().list(single).stream().filter(Member::awaitsConfirmation).toList();
                for (int i = 0; i < each.size(); i++) {
                    long begin = System.nanoTime();
                    admin.members().confirm(single, each.get(i));
                    oneByOne[i] = System.nanoTime() - begin;
                }
                try (Workspace fresh = backend.signIn(people.get(60), Secret.copyOf(PASSWORD))) {
                    try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
                        s.execute("delete from qodex.key_pins where user_id = " + fresh.account().userId());
                    }
                    deleteRecursively(pins); // and the copy in the user's own files: a new computer

                    long begin = System.nanoTime();
                    fresh.keyRing().currentKey(KeyScope.PROJECT, single.id());
                    fromFirst = System.nanoTime() - begin;
                }
                try (Workspace again = backend.signIn(people.get(60), Secret.copyOf(PASSWORD))) {
                    long begin = System.nanoTime();
                    again.keyRing().currentKey(KeyScope.PROJECT, single.id());
                    fromPin = System.nanoTime() - begin;
                }
            }

            System.out.println("=== KeyConfirmationBenchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + ")");
            System.out.printf("sign-in (login parameters, Argon2id m=19 MiB t=2, SCRAM, unseal): p50 %.0f ms, p95 %.0f ms "
                    + "(%d runs)%n", percentile(signIns, 50) / 1e6, percentile(signIns, 95) / 1e6, signIns.length);
            System.out.printf("  of which reading the login parameters as the sign-up login: p50 %.1f ms, p95 %.1f ms%n",
                    percentile(parameters, 50) / 1e6, percentile(parameters, 95) / 1e6);
            System.out.printf("confirm 50 members at once (one signed roster, 50 signed wraps): %.0f ms%n", atOnce / 1e6);
            System.out.printf("confirm 50 members one by one: total %.0f ms, first %.0f ms, 50th %.0f ms, p50 %.0f ms%n",
                    Arrays.stream(oneByOne).sum() / 1e6, oneByOne[0] / 1e6, oneByOne[49] / 1e6, percentile(oneByOne, 50) / 1e6);
            System.out.printf("first use of the key after sign-in, 51 members, 51 rosters: from the first roster %.0f ms, "
                    + "from the pin %.0f ms%n", fromFirst / 1e6, fromPin / 1e6);
        }
    }

    /** A project with everyone in {@code people} invited as Member and accepted: waiting for confirmation. */
    private static Project invited(Backend backend, Workspace admin, String slug, List<String> people) {
        Project project = admin.projects().create(slug, slug);
        for (String email : people) {
            admin.members().invite(project, email, ProjectRole.MEMBER);
            try (Workspace member = backend.signIn(email, Secret.copyOf(PASSWORD))) {
                member.members().accept(member.members().invitation(slug));
            }
        }
        return admin.projects().bySlug(slug);
    }

    private static void deleteRecursively(java.nio.file.Path root) throws java.io.IOException {
        if (java.nio.file.Files.exists(root)) {
            try (var paths = java.nio.file.Files.walk(root)) {
                for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(path);
                }
            }
        }
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
