package dev.harden.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepositoryUrlTest {

    @Test
    void httpsCredentialsAreHiddenWhole() {
        assertEquals("https://***@git.example.org/fleet.git",
                RepositoryUrl.of("https://alice:TOKEN@git.example.org/fleet.git").redacted());
        assertEquals("https://***@git.example.org/fleet.git",
                RepositoryUrl.of("https://ghp_0123456789abcdef@git.example.org/fleet.git").redacted());
        assertEquals("https://***@git.example.org/fleet.git",
                RepositoryUrl.of("https://alice@corp:p@ss@git.example.org/fleet.git").redacted());
    }

    @Test
    void sshKeepsTheUserNameAndHidesAPassword() {
        assertEquals("ssh://deploy@git.example.org/fleet.git",
                RepositoryUrl.of("ssh://deploy@git.example.org/fleet.git").redacted());
        assertEquals("ssh://deploy:***@git.example.org/fleet.git",
                RepositoryUrl.of("ssh://deploy:hunter2@git.example.org/fleet.git").redacted());
        assertEquals("git@git.example.org:ops/fleet.git", RepositoryUrl.of("git@git.example.org:ops/fleet.git").redacted());
    }

    @Test
    void urlsWithoutCredentialsAreUnchanged() {
        assertEquals("https://git.example.org/fleet.git", RepositoryUrl.of("https://git.example.org/fleet.git").redacted());
        assertEquals("file:///srv/git/fleet.git", RepositoryUrl.of("file:///srv/git/fleet.git").redacted());
    }

    @Test
    void theFetchGetsTheFullUrlAndToStringDoesNot() {
        RepositoryUrl url = RepositoryUrl.of("https://alice:TOKEN@git.example.org/fleet.git");
        assertEquals("https://alice:TOKEN@git.example.org/fleet.git", url.forFetch());
        assertFalse(url.toString().contains("TOKEN"));
        assertFalse(("cannot fetch " + url).contains("TOKEN"));
    }

    @Test
    void messagesLoseTheCredentialsInEveryForm() {
        RepositoryUrl url = RepositoryUrl.of("https://alice:p%40ss-w0rd@git.example.org/fleet.git");
        String message = url.redact("https://alice:p%40ss-w0rd@git.example.org/fleet.git: not authorized;"
                + " https://alice@git.example.org/fleet.git; password p@ss-w0rd rejected");
        assertFalse(message.contains("p%40ss-w0rd"), message);
        assertFalse(message.contains("p@ss-w0rd"), message);
        assertFalse(message.contains("alice"), message);
        assertTrue(message.startsWith("https://***@git.example.org/fleet.git: not authorized;"), message);
    }

    @Test
    void localPathsAreNotUrls() {
        assertFalse(RepositoryUrl.isUrl("/srv/fleet"));
        assertFalse(RepositoryUrl.isUrl("."));
        assertTrue(RepositoryUrl.isUrl("git@git.example.org:ops/fleet.git"));
        assertTrue(RepositoryUrl.isUrl("https://git.example.org/fleet.git"));
    }
}
