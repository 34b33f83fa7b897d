package dev.harden.policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * "Did you mean": the known name closest to a misspelled one, when it is close enough to be a
 * typo. Swapped neighbours count as one edit, so {@code wbe} is nearer {@code web} than {@code db}.
 */
public final class NearestName {

    private NearestName() {
    }

    /** The name in {@code known} nearest to {@code name} by edit distance, if at most a quarter of it (or 2) differs. */
    public static Optional<String> among(Collection<String> known, String name) {
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(k, name)).thenComparing(Comparator.naturalOrder()))
                .filter(k -> distance(k, name) <= Math.max(2, name.length() / 4));
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
