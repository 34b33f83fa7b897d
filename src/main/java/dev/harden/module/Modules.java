package dev.harden.module;

import dev.harden.facts.FactProbe;
import dev.harden.facts.ProbeRequest;
import dev.harden.module.apparmor.AppArmorModule;
import dev.harden.module.console.ConsoleModule;
import dev.harden.module.firewall.FirewallModule;
import dev.harden.module.gitops.GitOpsSettings;
import dev.harden.module.runbook.RunbookModule;
import dev.harden.module.sshd.SshdModule;
import dev.harden.module.sudo.SudoModule;
import dev.harden.module.upgrades.UpgradesModule;
import dev.harden.module.wireguard.WireGuardModule;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Schema;
import dev.harden.policy.Setting;
import dev.harden.resource.ResourceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The modules harden ships, in the order plans list them. A new area is one more entry. */
public final class Modules {

    private static final Pattern FUNCTION = Pattern.compile("(?m)^([a-z_][a-z0-9_]*)\\(\\)");

    private final List<Module> modules;
    private final String onHostCode;

    public Modules(List<Module> modules) {
        this.modules = List.copyOf(modules);
        this.onHostCode = joinCode(this.modules);
        Set<String> factNames = new HashSet<>();
        this.modules.forEach(m -> m.facts().forEach(f -> {
            if (!factNames.add(f.name())) {
                throw new IllegalArgumentException("two modules declare the fact " + f.name());
            }
        }));
        Set<String> files = new HashSet<>();
        this.modules.forEach(m -> m.repositoryFiles().forEach(f -> {
            if (!files.add(f.path())) {
                throw new IllegalArgumentException("two modules declare the repository file " + f.path());
            }
        }));
    }

    public static Modules builtIn() {
        List<Module> areas = List.of(new SshdModule(), new SudoModule(), new FirewallModule(), new UpgradesModule(),
                new AppArmorModule(), new WireGuardModule(), new GitOpsSettings(), new ConsoleModule());
        return withRunbook(areas);
    }

    /** The modules, then the runbook that documents them (last: it says what the others make of the host). */
    public static Modules withRunbook(List<Module> areas) {
        List<Module> all = new ArrayList<>(areas);
        all.add(new RunbookModule(areas));
        return new Modules(all);
    }

    public List<Module> all() {
        return modules;
    }

    public Schema schema() {
        List<Setting> settings = new ArrayList<>();
        modules.forEach(m -> settings.addAll(m.settings()));
        return new Schema(settings);
    }

    /** Every module's repository files (see {@link RepositoryFile}). */
    public List<RepositoryFile<?>> repositoryFiles() {
        List<RepositoryFile<?>> files = new ArrayList<>();
        modules.forEach(m -> files.addAll(m.repositoryFiles()));
        return files;
    }

    /** The module that declared the repository file {@code path}, if any. */
    public java.util.Optional<Module> ownerOf(String path) {
        return modules.stream().filter(m -> m.repositoryFiles().stream().anyMatch(f -> f.path().equals(path)))
                .findFirst();
    }

    /** Every module's on-host functions, in one text (function names are unique across modules). */
    public String onHostCode() {
        return onHostCode;
    }

    /** What the fact probe asks a host with this policy. */
    public ProbeRequest probe(HostPolicy policy) {
        List<FactProbe<?>> probes = new ArrayList<>();
        List<ResourceId> observed = new ArrayList<>();
        for (Module module : modules) {
            probes.addAll(module.facts(policy));
            observed.addAll(module.observes(policy));
        }
        return new ProbeRequest(probes, observed, onHostCode);
    }

    private static String joinCode(List<Module> modules) {
        StringBuilder code = new StringBuilder();
        Set<String> names = new HashSet<>();
        for (Module module : modules) {
            Matcher m = FUNCTION.matcher(module.onHostCode());
            while (m.find()) {
                if (!names.add(m.group(1))) {
                    throw new IllegalArgumentException("on-host function " + m.group(1) + " is defined twice ("
                            + module.name() + ")");
                }
            }
            code.append("# module ").append(module.name()).append('\n').append(module.onHostCode()).append('\n');
        }
        return code.toString();
    }
}
