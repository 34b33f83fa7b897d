package dev.harden.module;

import dev.harden.policy.Setting;
import java.util.List;

/**
 * One area of hardening (sshd, sudo, firewall, ...). A module declares its policy keys and the
 * paths it may manage, and turns facts plus policy into desired files. It never writes to a
 * host and never prints: planning is a pure function, so it is fast to test and safe to run.
 */
public interface Module {

    /** Short name shown in plans, e.g. "sshd". */
    String name();

    /** The policy keys this module reads; their defaults are in policies/baseline.yaml. */
    List<Setting> settings();

    /** Every path this module may manage on any host, so one fact probe reads them all. */
    List<String> managedPaths();

    /** The desired files for one host, and findings worth telling the operator. */
    ModuleResult plan(ModuleInput input);

    /**
     * Checks the host's effective state against the policy (e.g. {@code sshd -T} against the
     * ssh.* keys); run when the module's files are in place, and again after an apply.
     */
    default List<Finding> verify(ModuleInput input) {
        return List.of();
    }
}
