package dev.harden.module.apparmor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harden.HardenException;
import dev.harden.module.Modules;
import dev.harden.policy.PolicyLayer;
import dev.harden.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** apparmor.* values are checked while the desired state loads, naming the file, line and entry. */
class AppArmorPolicyErrorsTest {

    private static PolicyLayer parse(String text) {
        return PolicyLayer.parse("group web", YamlParser.parse("policies/groups/web.yaml",
                text.getBytes(StandardCharsets.UTF_8)), Modules.builtIn().schema());
    }

    private static String error(String text) {
        return assertThrows(HardenException.class, () -> parse(text)).getMessage();
    }

    private static String profile(String entry) {
        return error("apparmor:\n  profiles:\n    - { name: usr.sbin.nginx, mode: enforce }\n    - " + entry + "\n");
    }

    @Test
    void theIssuesExampleIsValid() {
        PolicyLayer layer = parse("""
                apparmor:
                  enabled: true
                  profiles:
                    - { name: usr.sbin.nginx, mode: enforce }
                    - { file: apparmor/usr.local.bin.myapp, mode: complain }
                    - { file: apparmor/usr.sbin.php-fpm.ftl, mode: disable }
                  local:
                    usr.sbin.nginx: "  /srv/www/** r,\\n"
                    usr.local.bin.myapp: "  /srv/myapp/** r,"
                  report_unconfined: true
                """);
        assertEquals(List.of(new ProfileSpec("usr.sbin.nginx", Optional.empty(), Mode.ENFORCE),
                new ProfileSpec("usr.local.bin.myapp", Optional.of("apparmor/usr.local.bin.myapp"), Mode.COMPLAIN),
                new ProfileSpec("usr.sbin.php-fpm", Optional.of("apparmor/usr.sbin.php-fpm.ftl"), Mode.DISABLE)),
                layer.values().get("apparmor.profiles").value());
        assertEquals(Map.of("usr.sbin.nginx", "  /srv/www/** r,\n", "usr.local.bin.myapp", "  /srv/myapp/** r,\n"),
                layer.values().get("apparmor.local").value(), "a snippet ends with a newline");
    }

    @Test
    void badProfileEntriesNameTheFileLineAndEntry() {
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2 (usr.sbin.sshd): mode 'enforcing' is"
                + " unknown; use enforce, complain or disable", profile("{ name: usr.sbin.sshd, mode: enforcing }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2 (usr.sbin.sshd) has no mode: say enforce,"
                + " complain or disable (roll a new profile out in complain mode first)", profile("{ name: usr.sbin.sshd }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: name '../shadow': a profile name is a file"
                + " name in /etc/apparmor.d: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/',"
                + " no '..')", profile("{ name: ../shadow, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: name 'a..b': a profile name may not contain"
                + " '..'", profile("{ name: a..b, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: name 'abstractions': 'abstractions' is a"
                + " directory or file of /etc/apparmor.d itself, not a profile", profile("{ name: abstractions, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: name 'x.dpkg-old': the AppArmor parser skips"
                + " files named like 'x.dpkg-old' (a package manager's backup)", profile("{ name: x.dpkg-old, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: file 'profiles/x' must be apparmor/NAME, a"
                + " template in the repository's templates/apparmor/ (NAME is the profile's file name in /etc/apparmor.d;"
                + " a .ftl ending is dropped)", profile("{ file: profiles/x, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: file 'apparmor/a/b' must be apparmor/NAME, a"
                + " template in the repository's templates/apparmor/ (NAME is the profile's file name in /etc/apparmor.d;"
                + " a .ftl ending is dropped)", profile("{ file: apparmor/a/b, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2 needs exactly one of name (a profile the host"
                + " has) or file (a template in templates/apparmor/)", profile("{ name: a, file: apparmor/a, mode: enforce }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: unknown key 'flags' (a profile has name or"
                + " file, and mode)", profile("{ name: a, mode: enforce, flags: complain }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2: profile usr.sbin.nginx is already entry 1;"
                + " a profile has one mode", profile("{ file: apparmor/usr.sbin.nginx.ftl, mode: complain }"));
        assertEquals("policies/groups/web.yaml:4: apparmor.profiles entry 2 must be a mapping like { name: usr.sbin.nginx,"
                + " mode: enforce }, got string 'usr.sbin.sshd'", profile("usr.sbin.sshd"));
        assertEquals("policies/groups/web.yaml:2: apparmor.profiles must be " + PolicyParser.PROFILES
                + ", got string 'all'", error("apparmor:\n  profiles: all\n"));
    }

    @Test
    void badLocalSnippetsNameTheProfileAndLine() {
        assertEquals("policies/groups/web.yaml:4: apparmor.local 'x/../../shadow': a profile name is a file name in"
                + " /etc/apparmor.d: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')",
                error("apparmor:\n  local:\n    usr.sbin.nginx: \"  /srv/** r,\"\n    x/../../shadow: \"\"\n"));
        assertEquals("policies/groups/web.yaml:3: apparmor.local usr.sbin.nginx: the snippet must be text (AppArmor"
                + " rules, one per line), got a list", error("apparmor:\n  local:\n    usr.sbin.nginx: [a, b]\n"));
        assertEquals("policies/groups/web.yaml:3: apparmor.local usr.sbin.nginx: the snippet contains a control character"
                + " (\\u001b)", error("apparmor:\n  local:\n    usr.sbin.nginx: \"\\e[31m\"\n"));
        assertEquals("policies/groups/web.yaml:2: apparmor.local must be " + PolicyParser.LOCAL + ", got a list",
                error("apparmor:\n  local: [usr.sbin.nginx]\n"));
    }
}
