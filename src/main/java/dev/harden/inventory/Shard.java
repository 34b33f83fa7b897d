package dev.harden.inventory;

import dev.harden.HardenException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} slices of the fleet ({@code --shard INDEX/COUNT}, INDEX from 1), so that
 * N runners (a CI matrix, a Kubernetes Indexed Job) split a large fleet with no coordinator.
 *
 * <p>A host's shard is a pure function of its inventory name and {@code count}, by rendezvous
 * (highest random weight) hashing: every shard {@code s} in 1..count gets the weight
 * {@code mix64(h ^ s * 0x9E3779B97F4A7C15)}, where {@code h} is the first 8 bytes (big-endian) of
 * SHA-256 of the host's name in UTF-8 and {@code mix64} is SplitMix64's finaliser; the host
 * belongs to the shard with the largest weight (compared unsigned). So:
 * <ul>
 * <li>every host is in exactly one shard, whichever runner computes it, on any machine;</li>
 * <li>adding or removing hosts never moves another host: each runner may read a slightly
 *     different inventory commit and still never work on a host another shard owns;</li>
 * <li>going from N to N+1 runners moves only the hosts the new shard wins (about 1/(N+1) of
 *     them), and no host moves between the old shards;</li>
 * <li>renaming a host may move it (its name is the key).</li>
 * </ul>
 * Shards never collide anyway: each host keeps its own lock and generations.
 */
public record Shard(int index, int count) {

    /** The whole fleet, unsplit. */
    public static final Shard ALL = new Shard(1, 1);

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new HardenException("'" + index + "/" + count + "' is not a shard: give INDEX/COUNT with"
                    + " 1 <= INDEX <= COUNT (a Kubernetes JOB_COMPLETION_INDEX counts from 0: add 1)");
        }
    }

    /** "2/8": the second of eight shards. */
    public static Shard parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new HardenException("'" + text + "' is not a shard: give INDEX/COUNT, e.g. 2/8 for the second of"
                    + " eight shards");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether this shard owns {@code host}. */
    public boolean contains(String host) {
        return count == 1 || of(host, count) == index;
    }

    /** The shard (1..count) that owns {@code host} when the fleet is split in {@code count}. */
    public static int of(String host, int count) {
        long h = nameHash(host);
        int best = 1;
        long bestWeight = weight(h, 1);
        for (int s = 2; s <= count; s++) {
            long w = weight(h, s);
            if (Long.compareUnsigned(w, bestWeight) > 0) {
                best = s;
                bestWeight = w;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static long weight(long nameHash, int shard) {
        long z = nameHash ^ (shard * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long nameHash(String host) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
