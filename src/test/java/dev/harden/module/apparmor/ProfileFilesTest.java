package dev.harden.module.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Profile headers read from file text, and attachment globs matched against executables. */
class ProfileFilesTest {

    @Test
    void headersGiveNameAttachmentFlagsAndNesting() {
        List<ProfileHeader> nvidia = ProfileHeader.scan("nvidia_modprobe", """
                profile nvidia_modprobe {
                  include <abstractions/base>
                  /usr/bin/kmod Cx -> kmod,
                  profile kmod /usr/bin/kmod flags=(attach_disconnected) {
                  }
                }
                """, 10);
        assertEquals(2, nvidia.size());
        assertEquals(new ProfileHeader("nvidia_modprobe", "nvidia_modprobe", Optional.empty(), Set.of(), false),
                nvidia.get(0));
        assertEquals(new ProfileHeader("nvidia_modprobe", "kmod", Optional.of("/usr/bin/kmod"),
                Set.of("attach_disconnected"), true), nvidia.get(1));

        ProfileHeader firefox = ProfileHeader.scan("firefox", Samples.FIREFOX_STUB, 10).get(0);
        assertEquals("firefox", firefox.name());
        assertTrue(firefox.neverSwitched());
        assertTrue(AttachmentGlob.matches(firefox.attachment().orElseThrow(), "/usr/lib/firefox-esr/firefox-esr"));

        assertEquals(new ProfileHeader("f", "/usr/sbin/tcpdump", Optional.of("/usr/sbin/tcpdump"), Set.of("complain"),
                false), ProfileHeader.parse("f", "/usr/sbin/tcpdump flags=(complain) {  # old style").orElseThrow());
        assertEquals(new ProfileHeader("f", "MongoDB Compass", Optional.of("/usr/lib/mongodb-compass/MongoDB Compass"),
                Set.of("unconfined"), false), ProfileHeader.parse("f", "profile \"MongoDB Compass\""
                + " \"/usr/lib/mongodb-compass/MongoDB Compass\" flags=(unconfined) {").orElseThrow());
        assertEquals(Set.of("complain", "attach_disconnected"), ProfileHeader.parse("Xorg",
                "profile Xorg /usr/lib/xorg/Xorg flags=(complain,attach_disconnected, complain) {").orElseThrow().flags());
    }

    @Test
    void linesThatOpenNoProfileAreNotHeaders() {
        for (String line : List.of("  /srv/** r,", "# profile foo /usr/bin/foo {", "include <tunables/global>",
                "  ^hat {", "  if defined @{foo} {", "profile {", "profile a b c d {", "profile \"open /x {",
                "profile foo bar {", "x".repeat(5000) + " {")) {
            assertTrue(ProfileHeader.parse("f", line).isEmpty(), line);
        }
    }

    @Test
    void globsFollowAppArmorRules() {
        assertTrue(AttachmentGlob.matches("/usr/sbin/nginx", "/usr/sbin/nginx"));
        assertFalse(AttachmentGlob.matches("/usr/sbin/nginx", "/usr/sbin/nginxx"));
        assertTrue(AttachmentGlob.matches("/usr/bin/python3.{1,}[0-9]", "/usr/bin/python3.11"));
        assertTrue(AttachmentGlob.matches("/{,usr/}sbin/dhclient", "/sbin/dhclient"));
        assertTrue(AttachmentGlob.matches("/{,usr/}sbin/dhclient", "/usr/sbin/dhclient"));
        assertTrue(AttachmentGlob.matches("/usr/lib/*/bin", "/usr/lib/x/bin"));
        assertFalse(AttachmentGlob.matches("/usr/lib/*/bin", "/usr/lib/x/y/bin"));
        assertTrue(AttachmentGlob.matches("/opt/**", "/opt/a/b/c"));
        assertTrue(AttachmentGlob.matches("/usr/bin/sudo?", "/usr/bin/sudoe"));
        assertTrue(AttachmentGlob.matches("/usr/bin/[^a]x", "/usr/bin/bx"));
        assertFalse(AttachmentGlob.matches("/usr/bin/[^a]x", "/usr/bin/ax"));
        assertTrue(AttachmentGlob.matches("/a.b+c(d)", "/a.b+c(d)"), "regex characters are literal");
        assertFalse(AttachmentGlob.matches("/a.b", "/axb"));
        for (String unusable : List.of("/usr/lib/@{multiarch}/qt5/x", "/a/{b", "/a/b}", "/a/[", "/a/[]", "{".repeat(11)
                + "}".repeat(11), "/" + "a".repeat(2000))) {
            assertTrue(AttachmentGlob.compile(unusable).isEmpty(), unusable);
        }
    }

    @Test
    void managedListRoundTrips() {
        var entries = new java.util.TreeMap<String, ManagedList.Entry>();
        entries.put("usr.sbin.nginx", new ManagedList.Entry(Mode.ENFORCE, "host"));
        entries.put("usr.local.bin.myapp", new ManagedList.Entry(Mode.COMPLAIN, "repository"));
        entries.put("lsb_release", new ManagedList.Entry(Mode.KEEP, "host"));
        byte[] text = ManagedList.render(entries);
        assertTrue(new String(text).endsWith("\nlsb_release keep host\nusr.local.bin.myapp complain repository\n"
                + "usr.sbin.nginx enforce host\n"), new String(text));
        assertEquals(entries, ManagedList.parse(text));
        assertEquals(java.util.Map.of(), ManagedList.parse("x y z\n../etc enforce host\nok disable nowhere\n".getBytes()));
    }
}
