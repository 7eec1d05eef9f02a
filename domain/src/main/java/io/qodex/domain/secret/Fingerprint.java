package io.qodex.domain.secret;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A person's key fingerprint as a short phrase that two people can read to each other: eight words (64 bits) of
 * SHA-256 over the address and both public keys. An Admin compares it with what the person sees in their own account
 * before confirming them; a key substituted in the database shows as a different phrase.
 */
public record Fingerprint(String phrase) {

    private static final List<String> WORDS = load();

    public static Fingerprint of(String email, byte[] publicKey, byte[] signingPublicKey) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(("qodex-fingerprint-v1|" + email.toLowerCase(Locale.ROOT) + "|").getBytes(StandardCharsets.UTF_8));
        sha256.update(publicKey);
        sha256.update(signingPublicKey);
        byte[] digest = sha256.digest();
        List<String> words = new ArrayList<>(8);
        for (int i = 0; i < 8; i++) {
            words.add(WORDS.get(digest[i] & 0xff));
        }
        return new Fingerprint(String.join(" ", words));
    }

    /** Whether what someone read out (any case, words separated by spaces, commas or hyphens) is this phrase. */
    public boolean matches(String typed) {
        return typed != null
                && String.join(" ", typed.strip().toLowerCase(Locale.ROOT).split("[\\s,-]+")).equals(phrase);
    }

    @Override
    public String toString() {
        return phrase;
    }

    private static List<String> load() {
        try (InputStream in = Fingerprint.class.getResourceAsStream("fingerprint-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("fingerprint-words.txt is missing");
            }
            List<String> words = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            if (words.size() != 256 || words.stream().distinct().count() != 256) {
                throw new IllegalStateException("fingerprint-words.txt must hold 256 distinct words");
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
