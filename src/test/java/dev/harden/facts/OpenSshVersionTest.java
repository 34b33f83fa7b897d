package dev.harden.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenSshVersionTest {

    @Test
    void parsesBanner() {
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), OpenSshVersion.parse("OpenSSH_9.2p1 Debian-2"));
        assertEquals(Optional.of(new OpenSshVersion(8, 9)), OpenSshVersion.parse("OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2"));
    }

    @Test
    void parsesTheSshAnnouncementWithOrWithoutAPortableSuffix() {
        assertEquals(Optional.of(new OpenSshVersion(10, 0)), OpenSshVersion.parse("SSH-2.0-OpenSSH_10.0"));
        assertEquals(Optional.of(new OpenSshVersion(10, 0)), OpenSshVersion.parse("SSH-2.0-OpenSSH_10.0p2 Debian-7"));
        assertEquals(Optional.of(new OpenSshVersion(9, 9)), OpenSshVersion.parse("SSH-2.0-OpenSSH_9.9"));
    }

    @Test
    void parsesDebianPackageVersions() {
        assertEquals(Optional.of(new OpenSshVersion(10, 0)), OpenSshVersion.parse("1:10.0p2-7"));
        assertEquals(Optional.of(new OpenSshVersion(9, 2)), OpenSshVersion.parse("1:9.2p1-2+deb12u10"));
        assertEquals(Optional.of(new OpenSshVersion(7, 4)), OpenSshVersion.parse("7.4p1-21.el7"));
    }

    @Test
    void rejectsNonsense() {
        assertEquals(Optional.empty(), OpenSshVersion.parse(""));
        assertEquals(Optional.empty(), OpenSshVersion.parse("dropbear 2022.83"));
    }

    @Test
    void ordersNumericallyNotAlphabetically() {
        OpenSshVersion v10 = new OpenSshVersion(10, 0);
        assertTrue(v10.atLeast(9, 9));
        assertTrue(new OpenSshVersion(9, 10).atLeast(9, 9));
        assertFalse(new OpenSshVersion(9, 2).atLeast(9, 9));
        assertTrue(new OpenSshVersion(8, 7).atLeast(8, 7));
        assertEquals("10.0", v10.toString());
    }
}
