package dev.harden.engine;

import dev.harden.HardenException;
import dev.harden.desired.DesiredState;
import dev.harden.inventory.HostEntry;
import dev.harden.source.Snapshot;
import dev.harden.transport.Connector;
import dev.harden.transport.Host;
import dev.harden.transport.local.ImageRootHost;
import dev.harden.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default {@link Connector}: SSH hosts through one shared MINA client with the pinned keys
 * of inventory/known_hosts; "local" hosts as image roots (relative roots are taken from the
 * desired-state checkout). Newly trusted keys are recorded by {@link KnownHostsFile}.
 */
final class Transports implements Connector, AutoCloseable {

    private final Snapshot source;
    private final Optional<Path> checkout;
    private final SshConnector ssh;
    private final List<String> notes = new ArrayList<>();

    Transports(DesiredState state, RunOptions options) {
        this.source = state.source();
        this.checkout = state.source().workTree();
        this.ssh = new SshConnector(state.inventory().knownHosts(), options.trustNewHostKeys(), this::record,
                options.connectTimeout(), options.connectTimeout());
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
