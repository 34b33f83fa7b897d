package dev.harden.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harden.HardenException;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import dev.harden.module.ModuleResult;
import dev.harden.module.Modules;
import dev.harden.module.RepositoryFile;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.ResourceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A module's own repository file (like inventory/wireguard_keys): read from the same commit as the
 * rest, parsed before any host is contacted, a bad line stopping the run at its line; a missing file
 * parses as empty; only plain names under inventory/ that no other reader owns may be declared.
 */
class RepositoryFileTest {

    private static final String HOSTS = "hosts:\n  h:\n    address: h.example\n";
    static final RepositoryFile<List<String>> LINES = new RepositoryFile<>("inventory/lines", "lines", (path, bytes) -> {
        List<String> lines = new ArrayList<>();
        String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            if (all[i].contains("!")) {
                throw new HardenException(path + ":" + (i + 1) + ": no exclamation marks");
            }
            if (!all[i].isBlank()) {
                lines.add(all[i]);
            }
        }
        return lines;
    });

    /** A module that reads one repository file and wants nothing. */
    static class Reader implements Module {
        @Override
        public String name() {
            return "reader";
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }

        @Override
        public List<RepositoryFile<?>> repositoryFiles() {
            return List.of(LINES);
        }

        @Override
        public List<ResourceId> observes(HostPolicy policy) {
            return List.of();
        }

        @Override
        public ModuleResult plan(ModuleInput input) {
            return ModuleResult.nothing(List.of());
        }
    }

    private static Modules modules() {
        List<Module> all = new ArrayList<>(Modules.builtIn().all());
        all.add(new Reader());
        return new Modules(all);
    }

    @Test
    void theFileIsParsedFromTheSnapshot() {
        DesiredState state = TestRepos.load(Map.of("inventory/hosts.yaml", HOSTS, "inventory/lines", "a\nb\n"),
                modules());
        assertEquals(List.of("a", "b"), state.files().get(LINES));
    }

    @Test
    void aMissingFileIsEmpty() {
        assertEquals(List.of(), TestRepos.load(Map.of("inventory/hosts.yaml", HOSTS), modules()).files().get(LINES));
    }

    @Test
    void aBadLineStopsTheLoadAtItsLine() {
        HardenException e = assertThrows(HardenException.class, () -> TestRepos.load(Map.of("inventory/hosts.yaml",
                HOSTS, "inventory/lines", "a\nb!\n"), modules()));
        assertEquals("inventory/lines:2: no exclamation marks", e.getMessage());
    }

    @Test
    void onlyPlainNamesUnderInventoryThatNoOtherReaderOwns() {
        for (String bad : List.of("policies/x", "inventory/hosts.yaml", "inventory/known_hosts", "inventory/a/b",
                "/etc/passwd", "inventory/../x")) {
            assertThrows(IllegalArgumentException.class, () -> new RepositoryFile<>(bad, "x", (p, b) -> b), bad);
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new Modules(List.of(new Reader(), new Reader() {
                    @Override
                    public String name() {
                        return "other";
                    }
                })));
        assertTrue(twice.getMessage().contains("two modules declare the repository file inventory/lines"));
    }
}
