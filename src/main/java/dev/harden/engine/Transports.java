package dev.harden.engine;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.inventory.HostEntry;
import dev.harden.inventory.Inventory;
import dev.harden.source.Snapshot;
import dev.harden.transport.Connector;
import dev.harden.transport.Host;
import dev.harden.transport.local.ImageRootHost;
import dev.harden.transport.ssh.SshConfigFile;
import dev.harden.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link Connector}: SSH hosts through one shared MINA client with the pinned keys
 * of inventory/known_hosts; "local" hosts as image roots (relative roots are taken from the
 * desired-state checkout). Newly trusted keys are recorded by {@link KnownHostsFile}.
 *
 * <p>When an ssh config is asked for ({@code --ssh-config}, or {@code ssh_config} in the
 * inventory), each host is reached as that config says where the inventory is silent, and the
 * run works on those effective hosts ({@link #state()}): plans show where a host was really
 * reached, and facts know the user that really logged in.
 */
final class Transports implements Connector, AutoCloseable {

    private final DesiredState state;
    private final Snapshot source;
    private final Optional<Path> checkout;
    private final SshConnector ssh;
    private final List<String> notes = new ArrayList<>();

    Transports(DesiredState state, RunOptions options) {
        this.state = effective(state, options.sshConfig());
        this.source = state.source();
        this.checkout = state.source().workTree();
        this.ssh = new SshConnector(state.inventory().knownHosts(), options.trustNewHostKeys(), this::record,
                options.connectTimeout(), options.connectTimeout());
    }

    /** The desired state with every host as this run reaches it (the loaded one when no ssh config is used). */
    DesiredState state() {
        return state;
    }

    private static DesiredState effective(DesiredState state, String sshConfigFlag) {
        Map<String, HostEntry> hosts = state.inventory().hosts();
        if (sshConfigFlag == null && hosts.values().stream().allMatch(h -> h.sshConfig() == null)) {
            return state;
        }
        Map<String, SshConfigFile> configs = new HashMap<>();
        Map<String, HostEntry> resolved = new HashMap<>();
        for (HostEntry host : hosts.values()) {
            resolve(host, sshConfigFlag, configs, resolved);
        }
        Inventory inventory = new Inventory(resolved, state.inventory().groupVars(), state.inventory().knownHosts());
        return new DesiredState(state.source(), inventory, state.baselines(), state.groupPolicies(), state.templates(),
                state.modules(), state.schema());
    }

    /** The host through its config, its jump hosts (inventory hosts) first. */
    private static HostEntry resolve(HostEntry host, String flag, Map<String, SshConfigFile> configs,
                                     Map<String, HostEntry> resolved) {
        HostEntry done = resolved.get(host.name());
        if (done != null) {
            return done;
        }
        HostEntry via = host.via() == null ? null : resolve(host.via(), flag, configs, resolved);
        HostEntry linked = via == host.via() ? host
                : host.withConnection(host.address(), host.port(), host.user(), host.identity(), via);
        String path = flag != null ? flag : host.sshConfig();
        HostEntry effective = path == null ? linked : configs.computeIfAbsent(path, SshConfigFile::read).resolve(linked);
        resolved.put(host.name(), effective);
        return effective;
    }

    @Override
    public Host connect(HostEntry entry) {
        if (entry.transport() == HostEntry.Transport.LOCAL) {
            Path root = Path.of(entry.root());
            if (!root.isAbsolute()) {
                root = checkout.orElseThrow(() -> new HardenException(entry.name() + ": relative image root '"
                        + entry.root() + "' needs a local checkout; give an absolute path")).resolve(root);
            }
            return new ImageRootHost(entry.name(), root);
        }
        return ssh.connect(entry);
    }

    /** Notes for the operator: keys trusted during this run and where they were recorded. */
    synchronized List<String> notes() {
        List<String> all = new ArrayList<>(ssh.trustedKeys());
        all.addAll(notes);
        List<String> agent = ssh.agentLogins();
        if (!agent.isEmpty()) {
            all.add("logged in with the keys of ssh-agent (SSH_AUTH_SOCK), having no identity file: "
                    + String.join(", ", agent));
        }
        return all;
    }

    /** Records a newly trusted key in the planned checkout's known_hosts, or notes the line to add. */
    synchronized void record(String knownHostsLine) {
        notes.add(KnownHostsFile.record(source, knownHostsLine));
    }

    @Override
    public void close() {
        ssh.close();
    }
}
