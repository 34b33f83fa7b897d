package dev.harden.module.apparmor;

import dev.harden.facts.Facts;
import dev.harden.facts.NetworkFacts;
import dev.harden.facts.TestFacts;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples in src/test/resources/apparmor (see its README for where each comes from), and
 * probe answers built from them: what a host with or without AppArmor tells the module.
 */
final class Samples {

    static final String NGINX_PROFILE = """
            # nginx, as the apparmor-profiles-extra style writes it
            abi <abi/3.0>,
            include <tunables/global>

            profile nginx /usr/sbin/nginx flags=(attach_disconnected) {
              include <abstractions/base>
              /usr/sbin/nginx mr,
              include if exists <local/usr.sbin.nginx>
            }
            """;
    static final String FIREFOX_STUB = """
            abi <abi/4.0>,
            include <tunables/global>

            profile firefox /{usr/lib/firefox{,-esr,-beta,-devedition,-nightly},opt/firefox}/firefox{,-esr,-bin} flags=(unconfined) {
              userns,
              include if exists <local/firefox>
            }
            """;

    private Samples() {
    }

    static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/apparmor/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A probe answer, line by line ("kernel yes", "status 0 ...", ...). */
    static final class Probe {
        private final List<String> lines = new ArrayList<>();

        Probe line(String line) {
            lines.add(line);
            return this;
        }

        Probe kernel(String state) {
            return line("kernel " + state).line("parser");
        }

        Probe status(int rc, String json) {
            return line("status " + rc + " " + base64(json));
        }

        Probe kernelProfiles(String text) {
            return line("kprofiles " + base64(text));
        }

        /** Profile files and their header lines ("FILE:LINE" as grep -H prints them). */
        Probe files(Map<String, String> files) {
            StringBuilder grep = new StringBuilder();
            files.forEach((name, text) -> {
                line("file " + name);
                for (String l : text.split("\n")) {
                    if (ProfileHeader.parse(name, l).isPresent()) {
                        grep.append(name).append(':').append(l).append('\n');
                    }
                }
            });
            return line("headers " + base64(grep.toString()));
        }

        Probe processes(String text) {
            return line("procs " + base64(text));
        }

        Probe events(String text) {
            return line("events " + base64(text));
        }

        AppArmorFacts facts() {
            return AppArmorFacts.parse(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A Debian 12 host with this AppArmor answer, these resource states, and apparmor installed unless said. */
    static Facts host(AppArmorFacts apparmor, Map<ResourceId, State> states) {
        Facts facts = TestFacts.debian12();
        Map<String, Object> moduleFacts = new HashMap<>(facts.moduleFacts());
        moduleFacts.put(AppArmorFacts.PROBE.name(), apparmor);
        Map<ResourceId, State> all = new HashMap<>();
        all.put(ResourceId.pkg("apparmor"), new State.Package("3.0.8-3"));
        all.put(ResourceId.unit("apparmor.service"), new State.Unit("enabled", "active"));
        all.putAll(states);
        return TestFacts.withStates(facts.with(moduleFacts, facts.states()), all);
    }

    static Facts withNetwork(Facts facts, NetworkFacts network) {
        return TestFacts.withNetwork(facts, network);
    }

    static State.File file(String text) {
        return new State.File(0644, "root", "root", text.getBytes(StandardCharsets.UTF_8));
    }
}
