package dev.harden.module.apparmor;

import dev.harden.facts.Listener;
import dev.harden.facts.NetworkFacts;
import dev.harden.module.Finding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What runs unconfined, and what complain mode has seen: findings from the host's processes, its
 * listening sockets (the service audit's) and its complain-mode log entries. Data for the operator,
 * never errors; every list is bounded so a host with thousands of processes gets a short report.
 */
final class ConfinementAudit {

    private static final String MODULE = "apparmor";
    private static final int MAX_FINDINGS = 20;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final AppArmorFacts facts;

    ConfinementAudit(AppArmorFacts facts) {
        this.facts = facts;
    }

    /**
     * Running processes that a loaded profile attaches to but that run unconfined (they started
     * before the profile was loaded): a restart confines them. Needs a kernel with AppArmor.
     */
    List<Finding> unconfinedProcesses() {
        Map<String, Pattern> attachments = loadedAttachments();
        Map<String, Set<Integer>> pidsByExe = new TreeMap<>();
        Map<String, String> profileByExe = new TreeMap<>();
        for (AppArmorFacts.Proc proc : facts.processes()) {
            if (!proc.unconfined()) {
                continue;
            }
            for (Map.Entry<String, Pattern> a : attachments.entrySet()) {
                if (a.getValue().matcher(proc.exe()).matches()) {
                    pidsByExe.computeIfAbsent(proc.exe(), e -> new TreeSet<>()).add(proc.pid());
                    profileByExe.putIfAbsent(proc.exe(), a.getKey());
                    break;
                }
            }
        }
        for (AppArmorFacts.Proc proc : facts.loaded().unconfined()) { // what aa-status itself found
            pidsByExe.computeIfAbsent(proc.exe(), e -> new TreeSet<>()).add(proc.pid());
            profileByExe.putIfAbsent(proc.exe(), proc.exe());
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Set<Integer>> e : pidsByExe.entrySet()) {
            if (findings.size() == MAX_FINDINGS) {
                findings.add(Finding.warning(MODULE, "... and " + (pidsByExe.size() - MAX_FINDINGS)
                        + " more executable(s) run unconfined although a profile covers them (aa-status lists them)"));
                break;
            }
            String profile = profileByExe.get(e.getKey());
            findings.add(Finding.warning(MODULE, e.getKey() + " (pid " + pids(e.getValue()) + ") runs unconfined"
                    + " although profile " + profile + " (" + facts.loaded().modes().getOrDefault(profile, "loaded")
                    + ") attaches to it: it started before the profile was loaded; restart it to confine it"));
        }
        return findings;
    }

    /**
     * Listening services (what the service audit sees, off loopback) whose executable no profile
     * attaches to, while they run unconfined (or the kernel cannot tell).
     */
    List<Finding> unprofiledListeners(NetworkFacts network) {
        if (!network.listenersKnown()) {
            return List.of();
        }
        Map<String, Set<String>> socketsByName = new LinkedHashMap<>();
        for (Listener listener : network.listeners()) {
            if (!listener.loopbackOnly() && !listener.process().isEmpty()) {
                socketsByName.computeIfAbsent(listener.process(), n -> new LinkedHashSet<>())
                        .add(listener.portProto() + " on " + listener.address());
            }
        }
        List<Pattern> profiled = fileAttachments();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Set<String>> service : socketsByName.entrySet()) {
            Set<String> exes = new TreeSet<>();
            boolean confined = false;
            for (AppArmorFacts.Proc proc : facts.processes()) {
                if (proc.comm().equals(service.getKey())) {
                    exes.add(proc.exe());
                    confined |= !proc.label().isEmpty() && !proc.unconfined();
                }
            }
            if (confined || exes.isEmpty()) {
                continue; // confined by some profile, or its process is gone (or unknown)
            }
            for (String exe : exes) {
                if (profiled.stream().noneMatch(p -> p.matcher(exe).matches()) && findings.size() < MAX_FINDINGS) {
                    findings.add(Finding.info(MODULE, service.getKey() + " (" + String.join(", ", service.getValue())
                            + ") runs " + exe + ", which no AppArmor profile covers: write one"
                            + " (apparmor.profiles, templates/apparmor/) and roll it out in complain mode first"));
                }
            }
        }
        return findings;
    }

    /**
     * Profiles in complain mode (a force-complain/ link) and what they would have denied since the
     * link was made: the evidence a reviewed promotion to enforce needs. Needs a kernel with AppArmor.
     */
    List<Finding> complainEvidence() {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Long> complain : facts.complainSince().entrySet()) {
            List<String> names = facts.profileNames(complain.getKey());
            if (names.isEmpty() || findings.size() >= MAX_FINDINGS) {
                continue;
            }
            long since = complain.getValue();
            long count = facts.allowedSince(names, since);
            String start = since > 0 ? WHEN.format(Instant.ofEpochSecond(since)) : "an unknown time";
            if (count > 0) {
                findings.add(Finding.warning(MODULE, complain.getKey() + " is in complain mode since " + start + " and "
                        + count + " access(es) it would deny were logged since (apparmor=\"ALLOWED\" in the journal"
                        + " or audit log): review them and fix the profile before promoting it to enforce"));
            } else {
                findings.add(Finding.info(MODULE, complain.getKey() + " is in complain mode since " + start
                        + " and nothing it would deny was logged since: once it has seen real traffic, promote it"
                        + " to enforce in a reviewed commit"));
            }
        }
        return findings;
    }

    /** Every loaded, confining profile's attachment, by profile name. */
    private Map<String, Pattern> loadedAttachments() {
        Map<String, Pattern> attachments = new TreeMap<>();
        Map<String, String> modes = facts.loaded().modes();
        for (Map.Entry<String, String> profile : modes.entrySet()) {
            String mode = profile.getValue();
            if (!mode.equals("enforce") && !mode.equals("complain") && !mode.equals("kill")) {
                continue;
            }
            String name = profile.getKey();
            Optional<String> glob = name.startsWith("/") ? Optional.of(name) : facts.headers().stream()
                    .filter(h -> !h.nested() && h.name().equals(name)).map(ProfileHeader::attachment)
                    .flatMap(Optional::stream).findFirst();
            glob.flatMap(AttachmentGlob::compile).ifPresent(p -> attachments.put(name, p));
        }
        return attachments;
    }

    /** The attachments of every profile file that is not disabled. */
    private List<Pattern> fileAttachments() {
        List<Pattern> patterns = new ArrayList<>();
        for (ProfileHeader header : facts.headers()) {
            if (!header.nested() && !facts.disabled().contains(header.file()) && !header.neverSwitched()) {
                header.attachment().flatMap(AttachmentGlob::compile).ifPresent(patterns::add);
            }
        }
        return patterns;
    }

    private static String pids(Set<Integer> pids) {
        List<String> shown = pids.stream().limit(5).map(String::valueOf).toList();
        return String.join(", ", shown) + (pids.size() > 5 ? ", ..." : "");
    }
}
