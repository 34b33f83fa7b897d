package dev.harden.cli;

import dev.harden.engine.RunOptions;
import dev.harden.module.Requests;
import dev.harden.source.TrustPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that read the desired state and reach hosts. */
final class FleetOptions {

    @Option(names = "--repo", defaultValue = ".", paramLabel = "PATH|URL",
            description = "Desired-state repository: a local checkout or a Git URL (cloned into a cache). Default: ${DEFAULT-VALUE}")
    String repo;

    @Option(names = "--ref", defaultValue = "HEAD", paramLabel = "REF",
            description = "Branch, tag or commit to apply. Default: ${DEFAULT-VALUE}")
    String ref;

    @Option(names = "--working-tree",
            description = "Use the checkout's files as they are, uncommitted changes included (never the default).")
    boolean workingTree;

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Option(names = "--trust-new-host-keys",
            description = "Accept SSH host keys that are not pinned yet and record them in inventory/known_hosts."
                    + " A CHANGED key is always refused.")
    boolean trustNewHostKeys;

    @Option(names = "--trust-new-wireguard-keys",
            description = "Use WireGuard public keys that are not pinned yet (a host's first key) and record them in"
                    + " inventory/wireguard_keys. A CHANGED key is always refused.")
    boolean trustNewWireguardKeys;

    @Option(names = "--rotate-wireguard-key", split = ",", paramLabel = "HOST",
            description = "Generate a new WireGuard key on these hosts and update their peers in the same run;"
                    + " the new public keys replace the pinned ones in inventory/wireguard_keys.")
    List<String> rotateWireguardKey = new ArrayList<>();

    @Option(names = "--connect-timeout", defaultValue = "15", paramLabel = "SECONDS",
            description = "Per-host connect and login timeout. Default: ${DEFAULT-VALUE}")
    int connectTimeout;

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "Reach hosts as ssh would with this OpenSSH client config (e.g. ~/.ssh/config): HostName,"
                    + " Port, User, IdentityFile, ProxyJump. What the inventory sets wins.")
    String sshConfig;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    /** picocli calls this on every parse, with false when the option is absent. */
    @Option(names = "--no-color", defaultValue = "false",
            description = "No colours, not even on a terminal (as NO_COLOR=1 or TERM=dumb do).")
    void noColour(boolean noColour) {
        Terminal.noColour(noColour);
    }

    RunOptions runOptions() {
        return runOptions(TrustPolicy.unchecked());
    }

    RunOptions runOptions(TrustPolicy trust) {
        Requests requests = new Requests(trustNewWireguardKeys ? Set.of("wireguard") : Set.of(),
                rotateWireguardKey.isEmpty() ? Map.of()
                : Map.of("wireguard", Set.copyOf(rotateWireguardKey.stream().map(String::trim).toList())));
        return new RunOptions(selection.limit, selection.parallelism(), trustNewHostKeys,
                Duration.ofSeconds(Math.max(1, connectTimeout)), trust, requests, selection.shard, sshConfig);
    }
}
