package dev.harden.facts;

import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.util.Map;
import java.util.Optional;

/**
 * What harden knows about a host, gathered in one round trip. Modules decide from facts only;
 * they never talk to the host. The core knows the host's identity (OS, init system, package
 * manager, the login and the operator's connection, what listens); each module adds its own
 * facts ({@link #get}), and the state of every resource the modules observe ({@link #state}).
 *
 * @param osId            os-release ID (debian, ubuntu, fedora, ...)
 * @param osVersion       os-release VERSION_ID
 * @param osName          os-release PRETTY_NAME
 * @param openssh         the installed OpenSSH server, if any (the access path harden itself uses)
 * @param initSystem      "systemd", another PID 1 name, or "image" for an image root
 * @param packageManager  apt-get, dnf, yum, zypper or "unknown"
 * @param loginUser       the user harden connects as
 * @param network         the operator's connection and the listening sockets
 * @param records         what harden recorded there: the applied commit, a hold
 * @param moduleFacts     module facts by name (see {@link FactProbe})
 * @param states          the current state of every observed resource
 */
public record Facts(String osId, String osVersion, String osName, Optional<OpenSshVersion> openssh,
                    String initSystem, String packageManager, String loginUser, NetworkFacts network,
                    HostRecords records, Map<String, Object> moduleFacts, Map<ResourceId, State> states) {

    public Facts {
        moduleFacts = Map.copyOf(moduleFacts);
        states = Map.copyOf(states);
    }

    public boolean isImageRoot() {
        return "image".equals(initSystem);
    }

    /** The fact a probe gathered; a module that did not declare the probe gets an error. */
    @SuppressWarnings("unchecked")
    public <T> T get(FactProbe<T> probe) {
        Object value = moduleFacts.get(probe.name());
        if (value == null) {
            throw new IllegalArgumentException("fact " + probe.name() + " was not gathered: declare it in the module's facts()");
        }
        return (T) value;
    }

    /** The state of an observed resource. */
    public State state(ResourceId id) {
        State state = states.get(id);
        if (state == null) {
            throw new IllegalArgumentException(id.label() + " was not observed: add it to the module's observes()");
        }
        return state;
    }

    /** The state of an observed file. */
    public State file(String path) {
        return state(ResourceId.file(path));
    }

    /** The same host with other module facts and resource states (tests, and re-planning after packages). */
    public Facts with(Map<String, Object> otherFacts, Map<ResourceId, State> otherStates) {
        return new Facts(osId, osVersion, osName, openssh, initSystem, packageManager, loginUser, network, records,
                otherFacts, otherStates);
    }

    /** The same host with other records (planning with an exception opened, extended, or without one). */
    public Facts withRecords(HostRecords otherRecords) {
        return new Facts(osId, osVersion, osName, openssh, initSystem, packageManager, loginUser, network, otherRecords,
                moduleFacts, states);
    }

    /** One line for plan headers: "Debian GNU/Linux 12 (bookworm), OpenSSH 9.2". */
    public String summary() {
        return (osName.isBlank() ? osId + " " + osVersion : osName)
                + openssh.map(v -> ", OpenSSH " + v).orElse(", no OpenSSH server");
    }
}
