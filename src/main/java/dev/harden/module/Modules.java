package dev.harden.module;

import dev.harden.module.firewall.FirewallModule;
import dev.harden.module.sshd.SshdModule;
import dev.harden.module.sudo.SudoModule;
import dev.harden.policy.Schema;
import dev.harden.policy.Setting;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The modules harden ships, in the order plans list them. A new area is one more entry. */
public final class Modules {

    private final List<Module> modules;

    public Modules(List<Module> modules) {
        this.modules = List.copyOf(modules);
    }

    public static Modules builtIn() {
        return new Modules(List.of(new SshdModule(), new SudoModule(), new FirewallModule()));
    }

    public List<Module> all() {
        return modules;
    }

    public Schema schema() {
        List<Setting> settings = new ArrayList<>();
        modules.forEach(m -> settings.addAll(m.settings()));
        return new Schema(settings);
    }

    /** Every path any module may manage, for the fact probe. */
    public List<String> managedPaths() {
        LinkedHashSet<String> paths = new LinkedHashSet<>();
        modules.forEach(m -> paths.addAll(m.managedPaths()));
        return List.copyOf(paths);
    }
}
