package dev.harden.module.apparmor;

import dev.harden.facts.FactProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What AppArmor looks like on a host, read in the fact round trip (read-only):
 *
 * @param kernel        whether the running kernel enforces AppArmor (see {@link Kernel})
 * @param parser        apparmor_parser is installed
 * @param loaded        the profiles loaded in the kernel and their modes (aa-status, or the kernel's list)
 * @param files         the profile files in /etc/apparmor.d
 * @param headers       the profiles those files define (name, attachment, flags)
 * @param disabled      names with a link in /etc/apparmor.d/disable/
 * @param complainSince names with a link in /etc/apparmor.d/force-complain/, and since when (epoch seconds)
 * @param processes     running processes: pid, command name, executable, AppArmor label
 * @param events        complain-mode log entries (apparmor="ALLOWED") since the oldest force-complain link
 */
record AppArmorFacts(Kernel kernel, boolean parser, Loaded loaded, Set<String> files, List<ProfileHeader> headers,
                     Set<String> disabled, Map<String, Long> complainSince, List<Proc> processes, List<Event> events) {

    /** Does the running kernel enforce AppArmor. */
    enum Kernel {
        /** AppArmor is enabled and its securityfs interface is readable: profiles load and confine. */
        YES,
        /** No AppArmor in this kernel (or disabled at boot). */
        NO,
        /** The kernel has AppArmor but this host cannot reach it (no securityfs: a container). */
        UNREACHABLE,
        /** An image root: nothing runs, the profiles load when the image boots. */
        IMAGE
    }

    /**
     * The profiles in the kernel. {@code source} says where the list came from ("aa-status --json
     * (format 2)", "/sys/kernel/security/apparmor/profiles", or "" when none could be read);
     * {@code unconfined} the processes aa-status itself found running unconfined although a profile
     * of their path is loaded.
     */
    record Loaded(String source, Map<String, String> modes, List<Proc> unconfined) {
        Loaded {
            modes = Map.copyOf(modes);
            unconfined = List.copyOf(unconfined);
        }

        static Loaded none() {
            return new Loaded("", Map.of(), List.of());
        }
    }

    /** A running process; {@code label} is its AppArmor label ("unconfined", "nginx (enforce)", "" when unknown). */
    record Proc(int pid, String comm, String exe, String label) {
        boolean unconfined() {
            return label.equals("unconfined");
        }
    }

    /** One complain-mode log entry: when (epoch seconds), the audit serial ("-" when unknown), the profile. */
    record Event(long time, String serial, String profile) {
    }

    /** aa-status --json formats this module reads: 1 (AppArmor 2.13 to 3.0) and 2 (3.1 and 4.x; 3.0.8 in Debian 12). */
    static final Set<String> STATUS_VERSIONS = Set.of("1", "2");
    static final Set<String> MODES = Set.of("enforce", "complain", "kill", "unconfined", "prompt", "user",
            "default_allow", "mixed");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}");
    private static final int MAX_ITEMS = 20_000;

    static final FactProbe<AppArmorFacts> PROBE = new FactProbe<>("apparmor.state", """
            d="$R/etc/apparmor.d"
            if [ -n "$R" ]; then echo "kernel image"
            elif [ "$(cat /sys/module/apparmor/parameters/enabled 2> /dev/null)" = Y ]; then
              if [ -r /sys/kernel/security/apparmor/profiles ]; then echo "kernel yes"; else echo "kernel unreachable"; fi
            else echo "kernel no"; fi
            if [ -x "$R/sbin/apparmor_parser" ] || [ -x "$R/usr/sbin/apparmor_parser" ]; then echo parser; fi
            if [ -z "$R" ] && command -v aa-status > /dev/null 2>&1; then
              s=$(aa-status --json 2> /dev/null); rc=$?
              echo "status $rc $(printf '%s' "$s" | head -c 4194304 | base64 | tr -d '\\n')"
            fi
            if [ -z "$R" ] && [ -r /sys/kernel/security/apparmor/profiles ]; then
              echo "kprofiles $(head -c 4194304 /sys/kernel/security/apparmor/profiles | base64 | tr -d '\\n')"
            fi
            cd "$d" 2> /dev/null || return 0
            set --
            for f in *; do
              case "$f" in .*|*[!A-Za-z0-9._@+-]*) continue;; esac
              if [ -f "$f" ]; then echo "file $f"; set -- "$@" "$f"; fi
            done
            if [ $# -gt 0 ]; then
              echo "headers $(grep -s -H -m 20 -E '^[[:space:]]*(profile[[:space:]]|/|"/).*\\{[[:space:]]*(#.*)?$' -- "$@" \\
                | head -c 2097152 | base64 | tr -d '\\n')"
            fi
            since=
            for f in disable/* force-complain/*; do
              [ -L "$f" ] || [ -e "$f" ] || continue
              n=${f#*/}
              case "$n" in .*|*[!A-Za-z0-9._@+-]*) continue;; esac
              case "$f" in
                disable/*) echo "disabled $n";;
                *) t=$(stat -c %Y "$f" 2> /dev/null); echo "complain $n $t"
                   if [ -z "$since" ] || [ "${t:-0}" -lt "$since" ]; then since=${t:-0}; fi;;
              esac
            done
            [ -z "$R" ] || return 0
            a=attr/current
            [ -d /proc/self/attr/apparmor ] && a=attr/apparmor/current
            echo "procs $( { find /proc -mindepth 2 -maxdepth 2 -path '/proc/[0-9]*/exe' -printf 'exe %h %l\\n' 2> /dev/null \\
                | head -n 20000
              grep -s -H . /proc/[0-9]*/comm | head -n 20000 | sed 's/^/comm /'
              grep -s -H . /proc/[0-9]*/$a | head -n 20000 | sed 's/^/label /'; } | head -c 4194304 | base64 | tr -d '\\n')"
            if [ -n "$since" ]; then
              echo "events $( { if command -v journalctl > /dev/null 2>&1; then
                    journalctl -q --no-pager -o short-unix --since "@$since" _TRANSPORT=kernel + _TRANSPORT=audit 2> /dev/null
                  elif [ -r /var/log/audit/audit.log ]; then cat /var/log/audit/audit.log; fi; } \\
                | grep -F 'apparmor="ALLOWED"' | head -n 100000 \\
                | sed -n -e 's/.*audit(\\([0-9]*\\)\\.[0-9]*:\\([0-9]*\\)).*profile="\\([^"]*\\)".*/\\1 \\2 \\3/p;t' \\
                    -e 's/^\\([0-9]*\\)\\.[0-9]* .*profile="\\([^"]*\\)".*/\\1 - \\2/p' \\
                | head -c 4194304 | base64 | tr -d '\\n')"
            fi
            """, AppArmorFacts::parse);

    AppArmorFacts {
        files = Set.copyOf(files);
        headers = List.copyOf(headers);
        disabled = Set.copyOf(disabled);
        complainSince = Map.copyOf(complainSince);
        processes = List.copyOf(processes);
        events = List.copyOf(events);
    }

    /** Parses the probe's output; lines it does not know, and malformed values, are left out. */
    static AppArmorFacts parse(byte[] output) {
        Kernel kernel = Kernel.NO;
        boolean parser = false;
        String status = null;
        String statusRc = "";
        String kernelProfiles = null;
        Set<String> files = new TreeSet<>();
        List<ProfileHeader> headers = new ArrayList<>();
        Set<String> disabled = new TreeSet<>();
        Map<String, Long> complain = new TreeMap<>();
        List<Proc> processes = List.of();
        List<Event> events = List.of();
        for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
            String[] w = line.strip().split(" ", 3);
            switch (w[0]) {
                case "kernel" -> kernel = w.length > 1 ? kernel(w[1]) : Kernel.NO;
                case "parser" -> parser = true;
                case "status" -> {
                    statusRc = w.length > 1 ? w[1] : "";
                    status = w.length > 2 ? decode(w[2]) : "";
                }
                case "kprofiles" -> kernelProfiles = w.length > 1 ? decode(w[1]) : "";
                case "file" -> {
                    if (w.length == 2 && NAME.matcher(w[1]).matches() && files.size() < MAX_ITEMS) {
                        files.add(w[1]);
                    }
                }
                case "headers" -> headers = w.length > 1 ? headers(decode(w[1])) : List.of();
                case "disabled" -> {
                    if (w.length == 2 && NAME.matcher(w[1]).matches()) {
                        disabled.add(w[1]);
                    }
                }
                case "complain" -> {
                    if (w.length >= 2 && NAME.matcher(w[1]).matches()) {
                        complain.put(w[1], w.length == 3 ? Math.max(number(w[2]), 0L) : 0L);
                    }
                }
                case "procs" -> processes = w.length > 1 ? processes(decode(w[1])) : List.of();
                case "events" -> events = w.length > 1 ? events(decode(w[1])) : List.of();
                default -> {
                    // not ours (or garbage): ignored
                }
            }
        }
        Loaded loaded = kernel == Kernel.YES ? loaded(status, statusRc, kernelProfiles) : Loaded.none();
        return new AppArmorFacts(kernel, parser, loaded, files, headers, disabled, complain, processes, events);
    }

    /** What the fact probe answers on a host without apparmor: nothing there. */
    static AppArmorFacts none() {
        return parse(new byte[0]);
    }

    /** The headers of one profile file (top level and nested). */
    List<ProfileHeader> headersOf(String file) {
        return headers.stream().filter(h -> h.file().equals(file)).toList();
    }

    /** The names the kernel knows the top-level profiles of {@code file} by. */
    List<String> profileNames(String file) {
        return headersOf(file).stream().filter(h -> !h.nested()).map(ProfileHeader::name).toList();
    }

    private static Kernel kernel(String word) {
        return switch (word) {
            case "yes" -> Kernel.YES;
            case "unreachable" -> Kernel.UNREACHABLE;
            case "image" -> Kernel.IMAGE;
            default -> Kernel.NO;
        };
    }

    /**
     * The loaded profiles: from aa-status --json when it answered in a format this module knows,
     * else from the kernel's own list (/sys/kernel/security/apparmor/profiles).
     */
    static Loaded loaded(String status, String statusRc, String kernelProfiles) {
        if (status != null && statusRc.equals("0") && !status.isBlank()) {
            try {
                Map<String, Object> json = StatusJson.object(status);
                Object version = json.get("version");
                if (version instanceof String v && STATUS_VERSIONS.contains(v)) {
                    return fromStatus(json, v);
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                // aa-status answered something else: the kernel's list below
            }
        }
        if (kernelProfiles != null) {
            Map<String, String> modes = new TreeMap<>();
            for (String line : kernelProfiles.split("\n")) {
                int open = line.lastIndexOf(" (");
                if (open > 0 && line.endsWith(")") && modes.size() < MAX_ITEMS) {
                    String mode = line.substring(open + 2, line.length() - 1);
                    if (MODES.contains(mode)) {
                        modes.put(line.substring(0, open), mode.equals("user") ? "prompt" : mode);
                    }
                }
            }
            return new Loaded("/sys/kernel/security/apparmor/profiles", modes, List.of());
        }
        return Loaded.none();
    }

    private static Loaded fromStatus(Map<String, Object> json, String version) {
        Map<String, String> modes = new TreeMap<>();
        if (json.get("profiles") instanceof Map<?, ?> profiles) {
            for (Map.Entry<?, ?> e : profiles.entrySet()) {
                if (e.getValue() instanceof String mode && MODES.contains(mode) && modes.size() < MAX_ITEMS) {
                    modes.put((String) e.getKey(), mode.equals("user") ? "prompt" : mode);
                }
            }
        }
        List<Proc> unconfined = new ArrayList<>();
        if (json.get("processes") instanceof Map<?, ?> processes) {
            for (Map.Entry<?, ?> e : processes.entrySet()) {
                if (!(e.getValue() instanceof List<?> list)) {
                    continue;
                }
                for (Object item : list) {
                    if (item instanceof Map<?, ?> p && "unconfined".equals(p.get("status"))
                            && p.get("pid") instanceof String pid && unconfined.size() < MAX_ITEMS) {
                        long n = number(pid);
                        if (n > 0 && n <= Integer.MAX_VALUE) {
                            unconfined.add(new Proc((int) n, "", (String) e.getKey(), "unconfined"));
                        }
                    }
                }
            }
        }
        return new Loaded("aa-status --json (format " + version + ")", modes, unconfined);
    }

    private static List<ProfileHeader> headers(String grep) {
        List<ProfileHeader> headers = new ArrayList<>();
        for (String line : grep.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_ITEMS) {
                continue;
            }
            String file = line.substring(0, colon);
            if (NAME.matcher(file).matches()) {
                ProfileHeader.parse(file, line.substring(colon + 1)).ifPresent(headers::add);
            }
        }
        return headers;
    }

    /** "exe /proc/PID TARGET", "comm /proc/PID/comm:NAME", "label /proc/PID/attr/...:LABEL" lines, joined by pid. */
    private static List<Proc> processes(String text) {
        Map<Integer, String[]> byPid = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (byPid.size() >= MAX_ITEMS && !line.startsWith("comm ") && !line.startsWith("label ")) {
                continue;
            }
            if (line.startsWith("exe /proc/")) {
                int space = line.indexOf(' ', "exe /proc/".length());
                Optional<Integer> pid = pid(space < 0 ? "" : line.substring("exe /proc/".length(), space));
                String exe = space < 0 ? "" : line.substring(space + 1).replaceFirst(" \\(deleted\\)$", "");
                if (pid.isPresent() && exe.startsWith("/")) {
                    byPid.computeIfAbsent(pid.get(), p -> new String[] {"", "", ""})[1] = exe;
                }
            } else if (line.startsWith("comm /proc/") || line.startsWith("label /proc/")) {
                boolean comm = line.startsWith("comm ");
                String rest = line.substring(comm ? 11 : 12);
                int slash = rest.indexOf('/');
                int colon = rest.indexOf(':');
                Optional<Integer> pid = pid(slash < 0 ? "" : rest.substring(0, slash));
                if (pid.isPresent() && colon > slash && byPid.containsKey(pid.get())) {
                    byPid.get(pid.get())[comm ? 0 : 2] = rest.substring(colon + 1).strip();
                }
            }
        }
        List<Proc> processes = new ArrayList<>();
        byPid.forEach((pid, f) -> {
            if (!f[1].isEmpty()) {
                processes.add(new Proc(pid, f[0], f[1], f[2]));
            }
        });
        return processes;
    }

    private static List<Event> events(String text) {
        List<Event> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ", 3);
            if (f.length != 3 || events.size() >= 100_000) {
                continue;
            }
            long time = number(f[0]);
            if (time <= 0 || !(f[1].equals("-") || f[1].matches("[0-9]{1,20}")) || f[2].isBlank()) {
                continue;
            }
            if (!f[1].equals("-") && !seen.add(f[0] + ":" + f[1])) {
                continue; // the same audit record from the journal and the audit log
            }
            events.add(new Event(time, f[1], f[2]));
        }
        return events;
    }

    /** Counts the complain-mode log entries of the profiles {@code names} at or after {@code since}. */
    long allowedSince(List<String> names, long since) {
        return events.stream().filter(e -> e.time() >= since)
                .filter(e -> names.stream().anyMatch(n -> e.profile().equals(n) || e.profile().startsWith(n + "//")))
                .count();
    }

    /** Every running process by its pid. */
    Map<Integer, Proc> processesByPid() {
        Map<Integer, Proc> byPid = new HashMap<>();
        processes.forEach(p -> byPid.put(p.pid(), p));
        return byPid;
    }

    private static Optional<Integer> pid(String text) {
        if (!text.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text));
    }

    private static long number(String text) {
        return text.matches("[0-9]{1,18}") ? Long.parseLong(text) : -1L;
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
