package dev.harden.module.apparmor;

import dev.harden.policy.SettingType.InvalidValue;
import dev.harden.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads apparmor.profiles ({@code - { name: usr.sbin.nginx, mode: enforce }} or
 * {@code - { file: apparmor/usr.local.bin.myapp, mode: complain }}) and apparmor.local
 * ({@code usr.sbin.nginx: "  /srv/www/** r,\n"}). Every problem names the entry and its line.
 */
final class PolicyParser {

    static final String PROFILES = "a list of profiles like { name: usr.sbin.nginx, mode: enforce } (a profile the"
            + " host has) or { file: apparmor/usr.local.bin.myapp, mode: complain } (templates/apparmor/ in the"
            + " repository); mode: enforce, complain or disable";
    static final String LOCAL = "a mapping of profile name to the text of /etc/apparmor.d/local/NAME, like"
            + " usr.sbin.nginx: \"  /srv/www/** r,\\n\"";
    /** A file name in /etc/apparmor.d that the parser loads: no dot-file, no path, no backup suffix. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** Directories of /etc/apparmor.d, and what the parser skips when it loads the directory at boot. */
    private static final Set<String> RESERVED = Set.of("abi", "abstractions", "apache2.d", "cache", "disable",
            "force-complain", "local", "tunables", "README");
    private static final Pattern SKIPPED = Pattern.compile(".*(\\.dpkg-(new|old|dist|bak|remove)|\\.pacsave|\\.pacnew"
            + "|\\.rpmnew|\\.rpmsave|\\.orig|\\.rej|~)$");
    private static final Set<String> KEYS = Set.of("name", "file", "mode");
    private static final int MAX_SNIPPET = 64 * 1024;

    private PolicyParser() {
    }

    static List<ProfileSpec> profiles(YamlNode node) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw new InvalidValue("must be " + PROFILES + ", got " + YamlNode.describe(node));
        }
        List<ProfileSpec> specs = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int index = 0;
        for (YamlNode item : sequence.items()) {
            index++;
            ProfileSpec spec = profile(item, index);
            Integer earlier = seen.putIfAbsent(spec.name(), index);
            if (earlier != null) {
                throw new InvalidValue("entry " + index + ": profile " + spec.name() + " is already entry " + earlier
                        + "; a profile has one mode", item.location());
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    static Map<String, String> local(YamlNode node) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NULL) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw new InvalidValue("must be " + LOCAL + ", got " + YamlNode.describe(node));
        }
        Map<String, String> snippets = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            YamlNode.Location at = mapping.keyLocations().get(entry.getKey());
            String name = entry.getKey();
            String problem = nameProblem(name);
            if (problem != null) {
                throw new InvalidValue(YamlNode.quote(name) + ": " + problem, at);
            }
            if (!(entry.getValue() instanceof YamlNode.Scalar text) || text.kind() != YamlNode.Scalar.Kind.STRING) {
                throw new InvalidValue(name + ": the snippet must be text (AppArmor rules, one per line), got "
                        + YamlNode.describe(entry.getValue()), at);
            }
            String snippet = text.text();
            if (snippet.length() > MAX_SNIPPET) {
                throw new InvalidValue(name + ": the snippet is " + snippet.length() + " characters; at most "
                        + MAX_SNIPPET, at);
            }
            for (int i = 0; i < snippet.length(); i++) {
                char c = snippet.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                    throw new InvalidValue(name + ": the snippet contains a control character ("
                            + String.format("\\u%04x", (int) c) + ")", at);
                }
            }
            snippets.put(name, snippet.isEmpty() || snippet.endsWith("\n") ? snippet : snippet + "\n");
        }
        return java.util.Collections.unmodifiableMap(snippets);
    }

    /** Why {@code name} cannot be a profile's file name in /etc/apparmor.d, or null when it can. */
    static String nameProblem(String name) {
        if (!NAME.matcher(name).matches()) {
            return "a profile name is a file name in /etc/apparmor.d: letters, digits, '.', '_' and '-', starting"
                    + " with a letter or digit (no '/', no '..')";
        }
        if (name.contains("..")) {
            return "a profile name may not contain '..'";
        }
        if (RESERVED.contains(name)) {
            return "'" + name + "' is a directory or file of /etc/apparmor.d itself, not a profile";
        }
        if (SKIPPED.matcher(name).matches()) {
            return "the AppArmor parser skips files named like '" + name + "' (a package manager's backup)";
        }
        return null;
    }

    private static ProfileSpec profile(YamlNode item, int index) throws InvalidValue {
        String entry = "entry " + index;
        if (!(item instanceof YamlNode.Mapping mapping)) {
            throw new InvalidValue(entry + " must be a mapping like { name: usr.sbin.nginx, mode: enforce }, got "
                    + YamlNode.describe(item), item.location());
        }
        for (Map.Entry<String, YamlNode.Location> key : mapping.keyLocations().entrySet()) {
            if (!KEYS.contains(key.getKey())) {
                throw new InvalidValue(entry + ": unknown key '" + key.getKey() + "' (a profile has name or file,"
                        + " and mode)", key.getValue());
            }
        }
        YamlNode nameNode = mapping.entries().get("name");
        YamlNode fileNode = mapping.entries().get("file");
        if ((nameNode == null) == (fileNode == null)) {
            throw new InvalidValue(entry + " needs exactly one of name (a profile the host has) or file (a template in"
                    + " templates/apparmor/)", item.location());
        }
        String name;
        Optional<String> template = Optional.empty();
        if (nameNode != null) {
            name = text(nameNode, entry + ": name");
            String problem = nameProblem(name);
            if (problem != null) {
                throw new InvalidValue(entry + ": name " + YamlNode.quote(name) + ": " + problem, item.location());
            }
        } else {
            String file = text(fileNode, entry + ": file");
            if (!file.startsWith("apparmor/") || file.indexOf('/', "apparmor/".length()) >= 0) {
                throw new InvalidValue(entry + ": file " + YamlNode.quote(file) + " must be apparmor/NAME, a template"
                        + " in the repository's templates/apparmor/ (NAME is the profile's file name in"
                        + " /etc/apparmor.d; a .ftl ending is dropped)", item.location());
            }
            String base = file.substring("apparmor/".length());
            name = base.endsWith(".ftl") ? base.substring(0, base.length() - 4) : base;
            String problem = nameProblem(name);
            if (problem != null) {
                throw new InvalidValue(entry + ": file " + YamlNode.quote(file) + ": " + problem, item.location());
            }
            template = Optional.of(file);
        }
        YamlNode modeNode = mapping.entries().get("mode");
        if (modeNode == null) {
            throw new InvalidValue(entry + " (" + name + ") has no mode: say enforce, complain or disable (roll a new"
                    + " profile out in complain mode first)", item.location());
        }
        String word = text(modeNode, entry + ": mode");
        Mode mode = Mode.parse(word);
        if (mode == null) {
            throw new InvalidValue(entry + " (" + name + "): mode " + YamlNode.quote(word) + " is unknown; use"
                    + " enforce, complain or disable", item.location());
        }
        return new ProfileSpec(name, template, mode);
    }

    private static String text(YamlNode node, String what) throws InvalidValue {
        if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL) {
            return s.text();
        }
        throw new InvalidValue(what + " must be a single value, got " + YamlNode.describe(node), node.location());
    }
}
