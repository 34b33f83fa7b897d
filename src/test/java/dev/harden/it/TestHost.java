package dev.harden.it;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A real Debian server for integration tests: a systemd container (image built by
 * .ci/test-hosts.sh) with stock sshd, user ops (password "ops-password", passwordless sudo)
 * and root (password "root-password"). SSH is published on 127.0.0.1 only. The operator key
 * is generated inside the container and installed for ops (and root, to prove root key logins
 * get refused).
 */
final class TestHost implements AutoCloseable {

    static final String OPS_PASSWORD = "ops-password";
    static final String ROOT_PASSWORD = "root-password";

    private final GenericContainer<?> container;
    private final Path identity;

    private TestHost(GenericContainer<?> container, Path identity) {
        this.container = container;
        this.identity = identity;
    }

    /** Starts a host from {@code harden-test-host:TAG} (debian12, debian13), its SSH published on 127.0.0.1. */
    static TestHost start(String tag, Network network, String alias, Path workDir) throws Exception {
        return start(tag, network, alias, workDir, List.of(), true);
    }

    /**
     * Starts a host with these host devices passed through (e.g. /dev/net/tun, which a userspace
     * WireGuard needs; the host has NET_ADMIN already).
     */
    static TestHost start(String tag, Network network, String alias, Path workDir, List<String> devices)
            throws Exception {
        return start(tag, network, alias, workDir, devices, true);
    }

    /**
     * Starts a host only reachable inside {@code network} (SSH not published: give the network
     * {@link #internalNetwork()} and reach the host through a jump host on it).
     */
    static TestHost startInternal(String tag, Network network, String alias, Path workDir) throws Exception {
        return start(tag, network, alias, workDir, List.of(), false);
    }

    /** A Docker network with no route out and no published ports: hosts on it only see each other. */
    static Network internalNetwork() {
        return Network.builder().createNetworkCmdModifier(cmd -> cmd.withInternal(true)).build();
    }

    /** Attaches the running host to a second network under {@code alias} (a jump host's inner side). */
    void join(Network other, String alias) {
        DockerClientFactory.instance().client().connectToNetworkCmd().withNetworkId(other.getId())
                .withContainerId(container.getContainerId())
                .withContainerNetwork(new ContainerNetwork().withAliases(alias)).exec();
    }

    private static TestHost start(String tag, Network network, String alias, Path workDir, List<String> devices,
                                  boolean publish)
            throws Exception {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("harden-test-host:" + tag))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withCreateContainerCmdModifier(cmd -> {
                    var hostConfig = cmd.withExposedPorts(ExposedPort.tcp(22)).getHostConfig()
                            .withCapAdd(Capability.SYS_ADMIN, Capability.NET_ADMIN)
                            .withSecurityOpts(List.of("seccomp=unconfined"))
                            .withCgroupnsMode("host")
                            .withBinds(Bind.parse("/sys/fs/cgroup:/sys/fs/cgroup:rw"))
                            .withTmpFs(Map.of("/run", "rw", "/run/lock", "rw"))
                            .withDevices(devices.stream().map(d -> Device.parse(d + ":" + d + ":rwm")).toList());
                    if (publish) {
                        hostConfig.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"),
                                ExposedPort.tcp(22)));
                    }
                })
                .waitingFor(Wait.forSuccessfulCommand("systemctl is-active ssh").withStartupTimeout(Duration.ofSeconds(90)));
        container.start();
        try {
            String key = "/root/harden-test-key";
            exec(container, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "harden-test", "-f", key);
            exec(container, "sh", "-c", "install -o ops -g ops -m 0600 " + key + ".pub /home/ops/.ssh/authorized_keys"
                    + " && install -d -m 0700 /root/.ssh && install -m 0600 " + key + ".pub /root/.ssh/authorized_keys");
            Path identity = workDir.resolve(alias + ".key");
            Files.writeString(identity, exec(container, "cat", key), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
            return new TestHost(container, identity);
        } catch (Exception e) {
            container.stop();
            throw e;
        }
    }

    /** Whether any port of the host is published on this machine. */
    boolean publishesPorts() {
        return container.getContainerInfo().getNetworkSettings().getPorts().getBindings().values().stream()
                .anyMatch(bindings -> bindings != null && bindings.length > 0);
    }

    /** The ids of the Docker networks the host is attached to. */
    List<String> networkIds() {
        return DockerClientFactory.instance().client().inspectContainerCmd(container.getContainerId()).exec()
                .getNetworkSettings().getNetworks().values().stream().map(ContainerNetwork::getNetworkID).toList();
    }

    int port() {
        Ports.Binding[] bindings = container.getContainerInfo().getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(22));
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    Path identity() {
        return identity;
    }

    /** The host's ed25519 key as a known_hosts line for {@code host} (port 22, as seen inside its network). */
    String knownHostsLine(String host) throws Exception {
        String[] parts = exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub").trim().split(" ");
        return host + " " + parts[0] + " " + parts[1];
    }

    /** The host's address on its test network (where the other test hosts reach it). */
    String address() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    /** The host's ed25519 key as a known_hosts line for 127.0.0.1:PORT. */
    String knownHostsLine() throws Exception {
        String pub = exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub").trim();
        String[] parts = pub.split(" ");
        return "[127.0.0.1]:" + port() + " " + parts[0] + " " + parts[1];
    }

    /** An inventory host entry for this container. */
    String inventoryEntry(String name) {
        return "  " + name + ":\n"
                + "    address: 127.0.0.1\n"
                + "    port: " + port() + "\n"
                + "    user: ops\n"
                + "    identity: " + identity + "\n";
    }

    /** Copies a file or folder of this machine into the host. */
    void copy(Path from, String to) {
        container.copyFileToContainer(MountableFile.forHostPath(from), to);
    }

    String exec(String... command) throws Exception {
        return exec(container, command);
    }

    /** Runs a command and returns its result without failing on a non-zero exit. */
    Container.ExecResult execResult(String... command) throws IOException, InterruptedException {
        return container.execInContainer(command);
    }

    String sha256(String path) throws Exception {
        return exec("sh", "-c", "sha256sum " + path + " && stat -c '%a %U %G' " + path);
    }

    private static String exec(GenericContainer<?> container, String... command) throws Exception {
        Container.ExecResult result = container.execInContainer(command);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.getStderr());
        }
        return result.getStdout();
    }

    @Override
    public void close() {
        container.stop();
    }
}
