package dev.harden.plan;

import dev.harden.facts.Facts;
import dev.harden.module.Module;
import dev.harden.module.ModuleInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facts a host's plan rests on beyond the states of its resources (each change carries
 * those as its precondition): the host's identity as the core reads it (OS, OpenSSH, init
 * system, package manager, login user), the operator's own connection (the firewall keeps it
 * open, the access check uses it) and what each module declares ({@link Module#planningFacts},
 * e.g. the firewall backend). A saved plan records them by name; applying it refuses a host where
 * one differs, and says which.
 *
 * <p>Deliberately left out, because they change without anything being wrong: what listens on
 * the host (services and ephemeral listeners come and go; the firewall reads them only for
 * findings), the host's clock and logs, and what harden recorded there (its hold is checked again
 * when the change is made, its last applied commit by the trust policy). Everything is a sorted
 * map of one-line strings, so the fingerprint is the same on every run and JVM.
 */
public final class PlanningFacts {

    private static final Map<String, String> LABELS = Map.of(
            "os", "OS",
            "openssh", "OpenSSH",
            "init_system", "init system",
            "package_manager", "package manager",
            "login_user", "login user",
            "operator_address", "operator address",
            "ssh_port", "SSH port");

    private PlanningFacts() {
    }

    /** The planning facts of a host, after every module planned it with {@code input}. */
    static SortedMap<String, String> of(Facts facts, List<Module> modules, ModuleInput input) {
        SortedMap<String, String> used = new TreeMap<>();
        used.put("os", oneLine(facts.osId() + " " + facts.osVersion()));
        used.put("openssh", facts.openssh().map(Object::toString).orElse("none"));
        used.put("init_system", oneLine(facts.initSystem()));
        used.put("package_manager", oneLine(facts.packageManager()));
        used.put("login_user", oneLine(facts.loginUser().isEmpty() ? "(image root)" : facts.loginUser()));
        used.put("operator_address", facts.network().operator().map(o -> oneLine(o.clientAddress())).orElse("none"));
        used.put("ssh_port", facts.network().operator().map(o -> String.valueOf(o.serverPort())).orElse("none"));
        for (Module module : modules) {
            module.planningFacts(input).forEach((name, value) -> used.put(module.name() + "." + name, oneLine(value)));
        }
        return Collections.unmodifiableSortedMap(used);
    }

    /** The sha256 of the facts in a canonical text (one sorted "name=value" line each). */
    public static String fingerprint(Map<String, String> facts) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(facts).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return "sha256:" + sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** How messages name a fact: "OpenSSH", "operator address", "firewall backend". */
    public static String label(String name) {
        return LABELS.getOrDefault(name, name.replace('.', ' ').replace('_', ' '));
    }

    /** What differs, one item per fact: "OpenSSH 9.2 -> 9.6", "firewall backend ufw -> firewalld". */
    public static List<String> differences(Map<String, String> saved, Map<String, String> now) {
        TreeSet<String> names = new TreeSet<>(saved.keySet());
        names.addAll(now.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            String before = saved.getOrDefault(name, "(not recorded)");
            String after = now.getOrDefault(name, "(not known now)");
            if (!before.equals(after)) {
                differences.add(label(name) + " " + before + " -> " + after);
            }
        }
        return differences;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(String value) {
        String line = value.strip().replaceAll("\\p{Cntrl}", " ");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
