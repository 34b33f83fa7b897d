package dev.harden.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What harden knows about a host, gathered in one round trip. Modules decide from facts only;
 * they never talk to the host.
 *
 * @param osId            os-release ID (debian, ubuntu, fedora, ...)
 * @param osVersion       os-release VERSION_ID
 * @param osName          os-release PRETTY_NAME
 * @param openssh         the installed OpenSSH server, if any
 * @param initSystem      "systemd", another PID 1 name, or "image" for an image root
 * @param packageManager  apt-get, dnf, yum, zypper or "unknown"
 * @param sshUnit         the sshd service name (ssh on Debian, sshd on RHEL)
 * @param hostKeys        host private key files present (/etc/ssh/ssh_host_*_key)
 * @param files           current state of every path the modules may manage
 * @param sshdEffective   {@code sshd -T} for the harden user's connection (key lower-case, values)
 * @param sshdTestError   why {@code sshd -T} failed, if it did (null when it worked or was not run)
 * @param loginUser       the user harden connects as
 * @param network         the operator's connection, listening sockets, installed firewalls
 */
public record Facts(String osId, String osVersion, String osName, Optional<OpenSshVersion> openssh,
                    String initSystem, String packageManager, String sshUnit, List<String> hostKeys,
                    Map<String, FileState> files, Map<String, List<String>> sshdEffective, String sshdTestError,
                    String loginUser, NetworkFacts network) {

    public Facts {
        hostKeys = List.copyOf(hostKeys);
        files = Map.copyOf(files);
        sshdEffective = Map.copyOf(sshdEffective);
    }

    public boolean isImageRoot() {
        return "image".equals(initSystem);
    }

    public FileState file(String path) {
        FileState state = files.get(path);
        if (state == null) {
            throw new IllegalArgumentException(path + " was not gathered: add it to the module's managed paths");
        }
        return state;
    }

    /** One line for plan headers: "Debian GNU/Linux 12 (bookworm), OpenSSH 9.2". */
    public String summary() {
        return (osName.isBlank() ? osId + " " + osVersion : osName)
                + openssh.map(v -> ", OpenSSH " + v).orElse(", no OpenSSH server");
    }
}
