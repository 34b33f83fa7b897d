package dev.harden.facts;

import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers {@link Facts} with one command: a read-only shell script (probe.sh) whose output is
 * a series of "@@harden SECTION" blocks, parsed here.
 */
public final class FactsProbe {

    private static final String SCRIPT = load();
    private static final String MARK = "@@harden ";

    private FactsProbe() {
    }

    public static Facts gather(Host host, String loginUser, List<String> paths) {
        List<String> args = new ArrayList<>();
        args.add(loginUser);
        args.addAll(paths);
        ExecResult result = host.run(new Command("gather facts", SCRIPT, args, null, null));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": gathering facts failed: " + result.reason());
        }
        return parse(host.name(), result.out(), loginUser, paths);
    }

    static Facts parse(String hostName, String output, String loginUser, List<String> paths) {
        Map<String, List<String>> sections = sections(output);
        Map<String, String> os = osRelease(sections.getOrDefault("os", List.of()));
        Optional<OpenSshVersion> openssh = first(sections, "openssh").flatMap(OpenSshVersion::parse);
        Map<String, FileState> files = new HashMap<>();
        for (String path : paths) {
            files.put(path, fileState(hostName, path, sections.getOrDefault("file " + path, List.of())));
        }
        List<String> effectiveLines = sections.getOrDefault("sshd-effective", List.of());
        Map<String, List<String>> effective = new LinkedHashMap<>();
        String sshdError = null;
        if (effectiveLines.contains("@@error")) {
            sshdError = effectiveLines.stream().filter(l -> !l.isBlank() && !l.equals("@@error")).findFirst()
                    .orElse("sshd -T failed");
        } else {
            for (String line : effectiveLines) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    effective.computeIfAbsent(line.substring(0, space).toLowerCase(), k -> new ArrayList<>())
                            .add(line.substring(space + 1).strip());
                }
            }
        }
        return new Facts(os.getOrDefault("ID", "unknown"), os.getOrDefault("VERSION_ID", ""),
                os.getOrDefault("PRETTY_NAME", ""), openssh, first(sections, "init").orElse("unknown"),
                first(sections, "packages").orElse("unknown"), first(sections, "ssh-unit").orElse("ssh"),
                nonBlank(sections.getOrDefault("host-keys", List.of())), files, effective, sshdError, loginUser,
                network(sections));
    }

    private static NetworkFacts network(Map<String, List<String>> sections) {
        Optional<OperatorConnection> operator = first(sections, "ssh-connection").flatMap(OperatorConnection::parse);
        List<String> firewall = nonBlank(sections.getOrDefault("firewall", List.of()));
        String zone = firewall.stream().filter(l -> l.startsWith("firewalld-zone ")).map(l -> l.substring(15).strip())
                .findFirst().orElse("");
        FirewallFacts firewallFacts = new FirewallFacts(firewall.contains("ufw-installed"), firewall.contains("ufw-active"),
                firewall.contains("firewalld-installed"), firewall.contains("firewalld-running"), zone);
        List<String> listenerLines = nonBlank(sections.getOrDefault("listeners", List.of()));
        boolean known = !listenerLines.contains("@@unknown");
        List<Listener> listeners = known ? listenerLines.stream().map(Listener::parse).filter(l -> l != null).toList()
                : List.of();
        return new NetworkFacts(operator, known, listeners, firewallFacts);
    }

    private static FileState fileState(String hostName, String path, List<String> lines) {
        List<String> content = nonBlank(lines);
        if (content.isEmpty()) {
            throw new HostException(hostName, hostName + ": the fact probe did not report " + path);
        }
        String header = content.get(0);
        if (header.equals("absent")) {
            return new FileState.Absent();
        }
        if (header.equals("other")) {
            throw new HostException(hostName, hostName + ": " + path + " is a symlink or not a regular file;"
                    + " harden manages regular files only (replace it with a plain file or remove it)");
        }
        String[] parts = header.split(" ");
        byte[] bytes = content.size() > 1 ? Base64.getDecoder().decode(content.get(1)) : new byte[0];
        return new FileState.Present(Integer.parseInt(parts[1], 8), parts[2], parts[3], bytes);
    }

    private static Map<String, List<String>> sections(String output) {
        Map<String, List<String>> sections = new HashMap<>();
        List<String> current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                current = new ArrayList<>();
                sections.put(line.substring(MARK.length()), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return sections;
    }

    private static Map<String, String> osRelease(List<String> lines) {
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
        return values;
    }

    private static Optional<String> first(Map<String, List<String>> sections, String name) {
        return nonBlank(sections.getOrDefault(name, List.of())).stream().findFirst();
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String load() {
        try (InputStream in = FactsProbe.class.getResourceAsStream("probe.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("probe.sh missing from the harden jar", e);
        }
    }
}
