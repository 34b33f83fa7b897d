package dev.harden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** harden --version names the commit the build was made from, or says it is unknown. */
class VersionTest {

    private static Properties build(String version, String commit, String dirty) {
        Properties p = new Properties();
        p.setProperty("git.build.version", version);
        p.setProperty("git.commit.id.full", commit);
        p.setProperty("git.dirty", dirty);
        return p;
    }

    @Test
    void namesTheCommitAndUncommittedChanges() {
        assertEquals("harden 1.2.0 (commit 0123abcd)", Version.describe(build("1.2.0", "0123abcd", "false")));
        assertEquals("harden 1.2.0 (commit 0123abcd, with uncommitted changes)",
                Version.describe(build("1.2.0", "0123abcd", "true")));
    }

    @Test
    void aBuildWithoutGitSaysUnknownCommit() {
        assertEquals("harden 1.2.0 (unknown commit)", Version.describe(build("1.2.0", "", "false")));
        assertTrue(Version.describe(new Properties()).endsWith("(unknown commit)"));
    }

    @Test
    void thisBuildRecordedItsCommit() {
        String[] line = new Version().getVersion();
        assertTrue(line[0].matches("harden \\S+ \\((commit [0-9a-f]{40}.*|unknown commit)\\)"), line[0]);
    }
}
