package dev.harden.facts;

import dev.harden.resource.Kind;
import dev.harden.resource.Kinds;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import dev.harden.transport.Command;
import dev.harden.transport.ExecResult;
import dev.harden.transport.Frames;
import dev.harden.transport.Host;
import dev.harden.transport.HostException;
import dev.harden.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers {@link Facts} with one command: the core probe (probe.sh), then each module's fact
 * snippet and the state of each observed resource, every one in its own frame, sent together as one
 * bundle (see {@link Frames}; about fifty sections, so a frame per section would cost the host three
 * processes each). Parsing treats the answer as hostile: a malformed section fails this host only.
 */
public final class FactsProbe {

    private static final String CORE = load();

    private FactsProbe() {
    }

    public static Facts gather(Host host, String loginUser, ProbeRequest request) {
        Optional<OpenSshVersion> announced = announcedOpenSsh(host);
        ExecResult result = host.run(new Command("gather facts", script(request, announced.isEmpty()),
                List.of(loginUser), null));
        if (!result.ok()) {
            throw new HostException(host.name(), host.name() + ": gathering facts failed: " + result.reason());
        }
        return parse(host.name(), result.stdout(), loginUser, request, announced);
    }

    /** OpenSSH's version from the server's SSH announcement, when it is OpenSSH that answered. */
    static Optional<OpenSshVersion> announcedOpenSsh(Host host) {
        return host.sshServerVersion().filter(v -> v.contains("OpenSSH_")).flatMap(OpenSshVersion::parse);
    }

    /** The probe script for a request: read-only from the first line to the last. */
    static String script(ProbeRequest request) {
        return script(request, true);
    }

    /** The same, without asking sshd for its version when the SSH announcement gave it. */
    static String script(ProbeRequest request, boolean askOpenSsh) {
        StringBuilder script = new StringBuilder(Kinds.SCRIPT).append('\n').append(request.onHostCode()).append('\n')
                .append("bundle_begin\n").append(askOpenSsh ? "" : "openssh_announced=yes\n").append(CORE).append('\n');
        for (int i = 0; i < request.probes().size(); i++) {
            FactProbe<?> probe = request.probes().get(i);
            // a subshell function: a module's snippet cannot change the probe's variables or directory;
            // a tool section: the tools it runs may write files larger than a section (apt's downloads)
            script.append("fact_").append(i).append("() (\n").append(probe.script()).append("\n)\n")
                    .append("tool_section ").append(probe.name()).append(" fact_").append(i).append('\n');
        }
        script.append(readAhead("prefetch_stats", request, Set.of(Kind.FILE, Kind.DIRECTORY)))
                .append(readAhead("prefetch_pkgs", request, Set.of(Kind.PACKAGE)))
                .append(readAhead("prefetch_units", request, Set.of(Kind.UNIT)));
        for (int i = 0; i < request.observed().size(); i++) {
            ResourceId id = request.observed().get(i);
            script.append("section r.").append(i).append(' ')
                    .append(Shell.words(Kinds.stateCall(id))).append('\n');
        }
        return script.append("bundle_end\nexit 0\n").toString();
    }

    /** One call that reads the state of every observed resource of these kinds in one process. */
    private static String readAhead(String function, ProbeRequest request, Set<Kind> kinds) {
        List<String> keys = request.observed().stream().filter(id -> kinds.contains(id.kind())).map(ResourceId::key)
                .distinct().toList();
        if (keys.isEmpty()) {
            return "";
        }
        List<String> call = new java.util.ArrayList<>(List.of(function));
        call.addAll(keys);
        return Shell.words(call) + "\n";
    }

    static Facts parse(String host, byte[] output, String loginUser, ProbeRequest request) {
        return parse(host, output, loginUser, request, Optional.empty());
    }

    /** {@code announced}: OpenSSH's version from the SSH announcement, which the probe then did not ask for. */
    static Facts parse(String host, byte[] output, String loginUser, ProbeRequest request,
                       Optional<OpenSshVersion> announced) {
        Map<String, byte[]> sections = Frames.parse(host, output);
        try {
            Map<String, String> os = osRelease(text(sections, "core.os"));
            Optional<OpenSshVersion> openssh = announced.isPresent() ? announced
                    : OpenSshVersion.parse(firstLine(text(sections, "core.openssh")));
            Map<String, Object> moduleFacts = new HashMap<>();
            for (FactProbe<?> probe : request.probes()) {
                moduleFacts.put(probe.name(), parseFact(host, probe, required(host, sections, probe.name())));
            }
            Map<ResourceId, State> states = new HashMap<>();
            for (int i = 0; i < request.observed().size(); i++) {
                ResourceId id = request.observed().get(i);
                states.put(id, Kinds.parseState(id, required(host, sections, "r." + i)));
            }
            boolean listenersKnown = sections.containsKey("core.listeners-known");
            List<Listener> listeners = listenersKnown ? text(sections, "core.listeners").lines().map(Listener::parse)
                    .filter(l -> l != null).toList() : List.of();
            NetworkFacts network = new NetworkFacts(OperatorConnection.parse(text(sections, "core.connection")),
                    listenersKnown, listeners);
            HostRecords records = records(text(sections, "core.applied"), sections.get("core.hold"));
            records = ExemptionFacts.read(sections, records, states);
            String init = firstLine(text(sections, "core.init"));
            String packages = firstLine(text(sections, "core.packages"));
            return new Facts(os.getOrDefault("ID", "unknown"), os.getOrDefault("VERSION_ID", ""),
                    os.getOrDefault("PRETTY_NAME", ""), openssh, init.isEmpty() ? "unknown" : init,
                    packages.isEmpty() ? "unknown" : packages, loginUser, network, records, moduleFacts, states);
        } catch (HostException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HostException(host, host + ": the host's facts are malformed (" + e.getMessage()
                    + "); harden cannot plan it", e);
        }
    }

    /** "GENERATION COMMIT" of the latest confirmed apply, and the hold file when there is one. */
    private static HostRecords records(String applied, byte[] hold) {
        String[] words = firstLine(applied).split(" ");
        boolean known = words.length == 2 && words[0].matches("[0-9A-Za-z-]{1,64}") && words[1].matches("[0-9a-f]{40}");
        return new HostRecords(known ? Optional.of(words[1]) : Optional.empty(),
                known ? Optional.of(words[0]) : Optional.empty(),
                hold == null ? Optional.empty() : Optional.of(Hold.parse(new String(hold, StandardCharsets.UTF_8))));
    }

    private static Object parseFact(String host, FactProbe<?> probe, byte[] output) {
        try {
            return probe.parser().parse(output);
        } catch (RuntimeException e) {
            throw new HostException(host, host + ": the host's answer to fact " + probe.name() + " is malformed ("
                    + e.getMessage() + ")", e);
        }
    }

    private static byte[] required(String host, Map<String, byte[]> sections, String name) {
        byte[] bytes = sections.get(name);
        if (bytes == null) {
            throw new HostException(host, host + ": the fact probe did not report " + name
                    + " (is /bin/sh a POSIX shell with base64 and sha256sum?)");
        }
        return bytes;
    }

    private static String text(Map<String, byte[]> sections, String name) {
        byte[] bytes = sections.get(name);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    private static Map<String, String> osRelease(String text) {
        Map<String, String> values = new HashMap<>();
        text.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
            }
        });
        return values;
    }

    private static String load() {
        try (InputStream in = FactsProbe.class.getResourceAsStream("probe.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("probe.sh missing from the harden jar", e);
        }
    }
}
