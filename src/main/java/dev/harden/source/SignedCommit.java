package dev.harden.source;

import org.eclipse.jgit.lib.GpgConfig.GpgFormat;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * A commit split the way git signs it: the signature in its {@code gpgsig} header, and the
 * signed data, which is the raw commit without that header (as JGit's own
 * {@link SignatureVerifiers#verify} splits it; repeated here so that each format goes to the
 * verifier harden chose, not to one registered process-wide).
 *
 * @param data       the signed bytes
 * @param signature  the armored signature
 * @param format     its format, or null when it is of none that JGit knows
 */
record SignedCommit(byte[] data, byte[] signature, GpgFormat format) {

    private static final byte[] GPGSIG = {'g', 'p', 'g', 's', 'i', 'g'};

    /** The commit's signature and signed data; null when the commit is not signed. */
    static SignedCommit of(RevCommit commit) {
        byte[] signature = commit.getRawGpgSignature();
        byte[] raw = commit.getRawBuffer();
        int start = signature == null ? -1 : RawParseUtils.headerStart(GPGSIG, raw, 0);
        if (start < 0) {
            return null;
        }
        int end = RawParseUtils.nextLfSkippingSplitLines(raw, start);
        start -= GPGSIG.length + 1; // back to the header's name
        if (end < raw.length) {
            end++; // and past its terminating LF
        }
        byte[] data = new byte[raw.length - (end - start)];
        System.arraycopy(raw, 0, data, 0, start);
        System.arraycopy(raw, end, data, start, raw.length - end);
        return new SignedCommit(data, signature, SignatureVerifiers.getFormat(signature));
    }
}
