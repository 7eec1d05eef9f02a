package io.qodex.app.common;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * Subsequence matching for the quick switcher: each word of the query must appear in the candidate, its characters
 * in order (the words in any order). Higher scores for matches at word starts and in runs, and for shorter
 * candidates; no match is empty.
 */
public final class FuzzyMatch {

    private FuzzyMatch() {
    }

    public static OptionalInt score(String query, String candidate) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return OptionalInt.of(0);
        }
        int total = 0;
        for (String word : q.split("\\s+")) {
            OptionalInt score = wordScore(word, candidate.toLowerCase(Locale.ROOT));
            if (score.isEmpty()) {
                return OptionalInt.empty();
            }
            total += score.getAsInt();
        }
        return OptionalInt.of(total);
    }

    private static OptionalInt wordScore(String q, String c) {
        int score = 0;
        int position = 0;
        int previous = -2;
        for (char ch : q.toCharArray()) {
            if (ch == ' ') {
                continue;
            }
            int found = c.indexOf(ch, position);
            if (found < 0) {
                return OptionalInt.empty();
            }
            score += 10;
            if (found == previous + 1) {
                score += 15;
            }
            if (found == 0 || !Character.isLetterOrDigit(c.charAt(found - 1))) {
                score += 20;
            }
            previous = found;
            position = found + 1;
        }
        if (c.contains(q)) {
            score += 40;
        }
        return OptionalInt.of(score * 100 / (100 + c.length()));
    }
}
