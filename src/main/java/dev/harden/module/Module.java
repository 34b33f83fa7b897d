package dev.harden.module;

import dev.harden.facts.FactProbe;
import dev.harden.policy.HostPolicy;
import dev.harden.policy.Setting;
import dev.harden.resource.ResourceId;
import java.util.List;

/**
 * One area of hardening (sshd, sudo, firewall, upgrades, ...). A module owns its policy keys, the
 * facts it needs (read-only snippets with parsers), its on-host code (validators, activators,
 * secret generators) and its templates; it turns facts plus policy into desired resources. It
 * never writes to a host and never prints: planning is a pure function, fast to test and safe to
 * run. Adding a module touches its own package, its templates and defaults, and one line in
 * {@link Modules#builtIn()}: not the change protocol, not the facts, not the probe.
 */
public interface Module {

    /** Short name shown in plans, e.g. "sshd". */
    String name();

    /** The policy keys this module reads; their defaults are in policies/baseline.yaml. */
    List<Setting> settings();

    /** Every fact this module can read (each name is declared by one module only). */
    default List<FactProbe<?>> facts() {
        return List.of();
    }

    /**
     * The facts a host with this policy needs, gathered in the one fact round trip: a module the
     * policy turns off asks for none, since every probe costs the host processes on every plan.
     */
    default List<FactProbe<?>> facts(HostPolicy policy) {
        return facts();
    }

    /**
     * Shell functions the module's resources and facts call on the host: {@code check_NAME}
     * for a validator "@NAME", {@code activate_NAME} for a reload "@NAME", {@code generate_NAME}
     * and {@code derive_NAME} for a secret. Each generation stores them with its revert code.
     */
    default String onHostCode() {
        return "";
    }

    /**
     * Files of the desired-state repository this module reads besides the policy (pinned values,
     * like inventory/known_hosts for SSH host keys); parsed and validated when the desired state is
     * loaded, read with {@link ModuleInput#file}.
     */
    default List<RepositoryFile<?>> repositoryFiles() {
        return List.of();
    }

    /**
     * Incoming traffic this module's services need on the host (given its policy and facts), which
     * the firewall allows. Computed before any module plans; the input's {@link ModuleInput#openings}
     * is still empty here.
     */
    default List<Opening> openings(ModuleInput input) {
        return List.of();
    }

    /** Every resource this module may manage on a host with this policy, so the probe reads its state. */
    List<ResourceId> observes(HostPolicy policy);

    /** The desired resources for one host, and findings worth telling the operator. */
    ModuleResult plan(ModuleInput input);

    /**
     * Checks the host's effective state against the policy (e.g. {@code sshd -T} against the
     * ssh.* keys); run when the module's resources are in place, and again after an apply.
     */
    default List<Finding> verify(ModuleInput input) {
        return List.of();
    }

    /**
     * What this module hardened on the host and how to work with it safely, for the host's runbook
     * (/etc/harden/README, harden explain): computed from the same input as {@link #plan}, so the
     * runbook says what the host is made to be. Empty when the module has nothing to say there.
     */
    default List<RunbookSection> runbook(ModuleInput input) {
        return List.of();
    }

    /**
     * The facts this module's plan for the host rests on beyond the states of its resources
     * (which each change records as its precondition), by name, each a short one-line value:
     * for example the firewall backend it chose. A saved plan records them, and applying it
     * refuses a host where one changed. Volatile observations (clocks, logs, what listens right
     * now) belong in findings, never here: they would make every saved plan stale.
     */
    default java.util.Map<String, String> planningFacts(ModuleInput input) {
        return java.util.Map.of();
    }
}
