package dev.harden.transport.ssh;

import dev.harden.HardenException;
import dev.harden.inventory.HostEntry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/**
 * An OpenSSH client configuration ({@code ~/.ssh/config}), read when the operator asks for it
 * ({@code --ssh-config}, or {@code ssh_config} in the inventory). A host's inventory
 * {@code address} is looked up as {@code ssh ADDRESS} would: the {@code Host} blocks that match
 * it give, first value winning, {@code HostName}, {@code Port}, {@code User},
 * {@code IdentityFile} (the first one) and {@code ProxyJump} (its hops resolved through the same
 * file). What the inventory writes for the host (its port, user, identity and via) wins; the
 * config fills in the rest. {@code Match}, {@code Include} and, for a host that uses it,
 * {@code ProxyCommand} are refused rather than ignored.
 */
public final class SshConfigFile {

    /** ProxyJump chains longer than this are a loop. */
    private static final int MAX_JUMPS = 10;

    private final Path file;
    private final List<HostConfigEntry> entries;

    private SshConfigFile(Path file, List<HostConfigEntry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Reads the file ({@code ~/} is the user's home); fails with the file and what is wrong. */
    public static SshConfigFile read(String path) {
        Path file = expand(path);
        List<HostConfigEntry> entries;
        try {
            entries = HostConfigEntry.readHostConfigEntries(file);
        } catch (NoSuchFileException e) {
            throw new HardenException("ssh config " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new HardenException("ssh config " + file + ": " + ConnectFailures.rootMessage(e)
                    + " (harden reads Host blocks with HostName, Port, User, IdentityFile and ProxyJump)");
        }
        for (HostConfigEntry entry : entries) {
            if (entry.getProperty("Include") != null) {
                throw new HardenException("ssh config " + file + ": Include is not supported; give harden the file"
                        + " that holds the Host blocks");
            }
        }
        return new SshConfigFile(file, entries);
    }

    static Path expand(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.length() > 1 ? path.substring(2) : "");
        }
        return Path.of(path);
    }

    /** The host as this config reaches it; unchanged when no Host block matches its address. */
    public HostEntry resolve(HostEntry host) {
        if (host.transport() != HostEntry.Transport.SSH) {
            return host;
        }
        HostConfigEntry config = collated(host.address());
        if (config == null) {
            return host;
        }
        refuseProxyCommand(host.name(), config);
        String address = nonEmpty(config.getHostName()) ? config.getHostName().replace("%h", host.address())
                : host.address();
        int port = host.written().contains("port") || config.getPort() <= 0 ? host.port() : config.getPort();
        String user = host.written().contains("user") || !nonEmpty(config.getUsername()) ? host.user()
                : config.getUsername();
        String identity = host.written().contains("identity") ? host.identity()
                : firstIdentity(host.name(), config, address, port, user, host.identity());
        HostEntry via = host.via() != null ? host.via() : jumps(host.name(), config.getProxyJump(), 0);
        return host.withConnection(address, port, user, identity, via);
    }

    /** The hops of a ProxyJump value ("[user@]host[:port],..."), each resolved through this config; null for none. */
    private HostEntry jumps(String forHost, String proxyJump, int depth) {
        if (!nonEmpty(proxyJump) || proxyJump.equalsIgnoreCase("none")) {
            return null;
        }
        HostEntry previous = null;
        for (String hop : proxyJump.split(",")) {
            if (depth + 1 > MAX_JUMPS) {
                throw new HardenException("ssh config " + file + ": ProxyJump of " + forHost + " goes through more than "
                        + MAX_JUMPS + " jump hosts (a loop?)");
            }
            previous = hop(forHost, hop.strip(), previous, depth++);
        }
        return previous;
    }

    private HostEntry hop(String forHost, String hop, HostEntry previous, int depth) {
        String user = null;
        String alias = hop;
        int port = -1;
        int at = alias.lastIndexOf('@');
        if (at >= 0) {
            user = alias.substring(0, at);
            alias = alias.substring(at + 1);
        }
        int colon = alias.lastIndexOf(':');
        if (colon > 0 && alias.indexOf(':') == colon) {
            try {
                port = Integer.parseInt(alias.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new HardenException("ssh config " + file + ": ProxyJump of " + forHost + " has a bad port in '"
                        + hop + "'");
            }
            alias = alias.substring(0, colon);
        }
        if (alias.isEmpty()) {
            throw new HardenException("ssh config " + file + ": ProxyJump of " + forHost + " has an empty hop");
        }
        HostConfigEntry config = collated(alias);
        String address = alias;
        String identity = null;
        HostEntry via = previous;
        if (config != null) {
            refuseProxyCommand(alias, config);
            address = nonEmpty(config.getHostName()) ? config.getHostName().replace("%h", alias) : alias;
            port = port > 0 ? port : config.getPort();
            user = user != null ? user : config.getUsername();
            if (via == null) {
                via = jumps(alias, config.getProxyJump(), depth + 1);
            }
        }
        port = port > 0 ? port : 22;
        user = nonEmpty(user) ? user : System.getProperty("user.name");
        if (config != null) {
            identity = firstIdentity(alias, config, address, port, user, null);
        }
        return new HostEntry(alias, HostEntry.Transport.SSH, address, port, user, identity, null, List.of(), null, via,
                null, HostEntry.CONNECTION_KEYS);
    }

    /** Every Host block that matches {@code alias}, merged OpenSSH's way (the first value wins); null if none. */
    private HostConfigEntry collated(String alias) {
        Collection<HostConfigEntry> matches = HostConfigEntry.findMatchingEntries(alias, entries);
        if (matches.isEmpty()) {
            return null;
        }
        HostConfigEntry merged = new HostConfigEntry();
        for (HostConfigEntry match : matches) {
            merged.collate(match);
        }
        return merged;
    }

    private void refuseProxyCommand(String host, HostConfigEntry config) {
        for (String key : config.getProperties().keySet()) {
            if (key.toLowerCase(Locale.ROOT).equals("proxycommand")) {
                throw new HardenException("ssh config " + file + ": " + host + " uses ProxyCommand, which harden does"
                        + " not run; use ProxyJump (or via: in the inventory)");
            }
        }
    }

    private String firstIdentity(String host, HostConfigEntry config, String address, int port, String user,
                                 String otherwise) {
        List<String> identities = new ArrayList<>(config.getIdentities());
        if (identities.isEmpty()) {
            return otherwise;
        }
        try {
            return HostConfigEntry.resolveIdentityFilePath(identities.get(0), address, port, user);
        } catch (IOException | RuntimeException e) {
            throw new HardenException("ssh config " + file + ": IdentityFile of " + host + ": "
                    + ConnectFailures.rootMessage(e));
        }
    }

    private static boolean nonEmpty(String text) {
        return text != null && !text.isBlank();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
