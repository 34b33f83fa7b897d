package dev.harden.module.apparmor;

import static dev.harden.module.apparmor.AppArmorModule.ACTIVATE;
import static dev.harden.module.apparmor.AppArmorModule.MODULE;
import static dev.harden.module.apparmor.AppArmorModule.VALIDATOR;
import static dev.harden.module.apparmor.AppArmorModule.confinesAccess;
import static dev.harden.module.apparmor.AppArmorModule.linkPath;
import static dev.harden.module.apparmor.AppArmorModule.localPath;
import static dev.harden.module.apparmor.AppArmorModule.profilePath;

import dev.harden.facts.Facts;
import dev.harden.module.Finding;
import dev.harden.module.ModuleInput;
import dev.harden.resource.FileResource;
import dev.harden.resource.LinkResource;
import dev.harden.resource.Resource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The profiles of one plan: for each profile the policy names, its file (repository profiles
 * only), the links that put it in its mode and its local snippet; the managed list's entries; the
 * plan's notes ("~ usr.sbin.nginx: complain -> enforce") and the findings about profiles that are
 * missing, never switched or held in complain mode by their own file.
 */
final class ProfilePlan {

    private final ModuleInput input;
    private final Facts facts;
    private final AppArmorFacts apparmor;
    private final boolean installed;
    private final List<Finding> findings;
    private final List<Resource> resources = new ArrayList<>();
    private final Map<String, ManagedList.Entry> managed = new TreeMap<>();
    private final Map<String, String> contents = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    ProfilePlan(ModuleInput input, AppArmorFacts apparmor, boolean installed, List<Finding> findings) {
        this.input = input;
        this.facts = input.facts();
        this.apparmor = apparmor;
        this.installed = installed;
        this.findings = findings;
    }

    void add(ProfileSpec spec) {
        String path = profilePath(spec.name());
        State current = facts.file(path);
        String content;
        if (spec.template().isPresent()) {
            content = input.templates().render(spec.template().get(), model());
        } else if (current instanceof State.File file) {
            content = new String(file.content(), StandardCharsets.UTF_8);
        } else {
            if (installed) {
                findings.add(Finding.warning(MODULE, "profile " + spec.name() + " is not on the host (" + path
                        + "): install the package that ships it (apparmor-profiles has many), or put it in the"
                        + " repository as templates/apparmor/" + spec.name() + " and name it with file:"));
            } else {
                findings.add(Finding.info(MODULE, "profile " + spec.name() + " is planned once apparmor is"
                        + " installed (apply installs it first)"));
            }
            return;
        }
        contents.put(spec.name(), content);
        List<ProfileHeader> headers = ProfileHeader.scan(spec.name(), content, 50);
        boolean access = confinesAccess(spec.name(), headers);
        if (spec.template().isPresent()) {
            resources.add(new FileResource(MODULE, path, content.getBytes(StandardCharsets.UTF_8), 0644, "root",
                    "root", Optional.of(VALIDATOR), List.of(ACTIVATE), false, access));
        }
        Set<String> special = new TreeSet<>();
        headers.stream().filter(h -> !h.nested()).forEach(h -> h.flags().stream()
                .filter(ProfileHeader.NEVER_SWITCHED::contains).forEach(special::add));
        if (!special.isEmpty()) {
            findings.add(Finding.warning(MODULE, spec.name() + " is flagged " + String.join(", ", special)
                    + " in its file: harden never switches such a profile (enforcing a stub that allows"
                    + " everything makes it deny everything), so mode: " + spec.mode().word() + " is not applied"
                    + (spec.template().isPresent() ? "; the file is installed and loaded as it is" : "")));
            if (spec.template().isPresent()) {
                managed.put(spec.name(), new ManagedList.Entry(Mode.KEEP, spec.source()));
            }
            return;
        }
        boolean fileComplain = headers.stream().anyMatch(h -> !h.nested() && h.flags().contains("complain"));
        if (fileComplain && spec.mode() == Mode.ENFORCE) {
            findings.add(Finding.warning(MODULE, spec.name() + " sets flags=(complain) in its file, so it stays in"
                    + " complain mode although the policy says enforce; harden changes modes with links, not"
                    + " by editing profile files: remove the flag from the profile"));
        }
        String before = currentMode(spec.name(), current);
        link("disable", spec.name(), spec.mode() == Mode.DISABLE, access);
        link("force-complain", spec.name(), spec.mode() == Mode.COMPLAIN, access);
        managed.put(spec.name(), new ManagedList.Entry(spec.mode(), spec.source()));
        String after = spec.mode().word();
        if (before.equals("absent")) {
            notes.add("+ " + spec.name() + ": " + after + " (" + spec.template().map(t -> input.templates()
                    .origin(t)).orElse("shipped on the host") + ")");
        } else if (!before.equals(after)) {
            notes.add("~ " + spec.name() + ": " + before + " -> " + after);
        }
        if (spec.mode() == Mode.ENFORCE && (before.equals("absent") || before.equals("disable"))
                && !fileComplain) {
            findings.add(Finding.info(MODULE, spec.name() + " goes to enforce without a complain period on this"
                    + " host: roll a new profile out with mode: complain first, and promote it once harden reports"
                    + " what it would deny"));
        }
    }

    void addLocal(String name, String snippet) {
        String profile = contents.get(name);
        State current = facts.file(profilePath(name));
        if (profile == null && current instanceof State.File file) {
            profile = new String(file.content(), StandardCharsets.UTF_8);
        }
        if (profile == null) {
            if (installed) {
                findings.add(Finding.warning(MODULE, "apparmor.local has rules for " + name
                        + " but there is no profile " + profilePath(name) + ": not written"));
            }
            return;
        }
        if (!profile.contains("local/" + name + ">")) {
            findings.add(Finding.warning(MODULE, "profile " + name + " does not include"
                    + " <local/" + name + ">, so the rules in apparmor.local would have no effect: not written;"
                    + " add 'include if exists <local/" + name + ">' to the profile"));
            return;
        }
        boolean access = confinesAccess(name, ProfileHeader.scan(name, profile, 50));
        resources.add(new FileResource(MODULE, localPath(name),
                snippet.getBytes(StandardCharsets.UTF_8), 0644, "root", "root", Optional.of(VALIDATOR),
                List.of(ACTIVATE), false, access));
        managed.putIfAbsent(name, new ManagedList.Entry(Mode.KEEP, "host"));
    }

    List<Resource> resources() {
        return resources;
    }

    Map<String, ManagedList.Entry> managed() {
        return managed;
    }

    List<String> notes() {
        return notes;
    }

    /** The link that puts a profile in a mode: present (reusing the target of one already there) or absent. */
    private void link(String dir, String name, boolean present, boolean access) {
        String path = linkPath(dir, name);
        State current = facts.state(ResourceId.link(path));
        if (present) {
            String target = current instanceof State.Link link ? link.target() : "../" + name;
            resources.add(new LinkResource(MODULE, path, target, List.of(ACTIVATE), access,
                    false));
        } else {
            resources.add(new LinkResource(MODULE, path, null, List.of(ACTIVATE), access, true));
        }
    }

    /** A profile's mode on the host as its file and links say: absent, disable, complain or enforce. */
    private String currentMode(String name, State file) {
        if (!(file instanceof State.File)) {
            return "absent";
        }
        if (facts.state(ResourceId.link(linkPath("disable", name))) instanceof State.Link) {
            return "disable";
        }
        if (facts.state(ResourceId.link(linkPath("force-complain", name))) instanceof State.Link) {
            return "complain";
        }
        return "enforce";
    }

    private Map<String, Object> model() {
        return Map.of("policy", input.policy().nested(), "host", Map.of("name", input.hostName()),
                "facts", Map.of("os_id", facts.osId(), "os_version", facts.osVersion(),
                        "apparmor_kernel", apparmor.kernel().name().toLowerCase(Locale.ROOT)));
    }
}
