package dev.harden.watch;

import dev.harden.HardenException;
import dev.harden.apply.ApplyContext;
import dev.harden.apply.HostApplyResult;
import dev.harden.desired.DesiredState;
import dev.harden.engine.ChangeFlow;
import dev.harden.engine.Engine;
import dev.harden.engine.FleetRun;
import dev.harden.engine.Progress;
import dev.harden.metrics.WatchMetrics;
import dev.harden.module.gitops.GitOpsSettings;
import dev.harden.plan.HostFailure;
import dev.harden.plan.HostPlan;
import dev.harden.plan.Plan;
import dev.harden.source.UntrustedCommit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GitOps: follows a branch. On every interval, and at once after an authentic webhook, it fetches
 * the branch; a new commit, once trusted, is planned and applied with the engine's change flow
 * (the same as apply) in a staged rollout. Between commits it plans the last applied commit again
 * on the drift interval: hosts changed out of band are reported, and healed where gitops.drift says
 * heal. Held hosts, refused hosts (forward-only) and failing hosts are reported, never fought.
 */
public final class Watcher {

    private final Engine engine;
    private final WatchConfig config;
    private final EventLog log;
    private final WatchMetrics metrics;
    private final Object wake = new Object();
    private boolean triggered;
    private volatile boolean stopped;
    private String lastTarget;
    private String lastRefused;
    private final java.util.Map<String, String> refusedHosts = new java.util.HashMap<>();
    private final java.util.Map<String, String> exceptions = new java.util.HashMap<>();
    private Instant lastDriftCheck = Instant.EPOCH;

    public Watcher(Engine engine, WatchConfig config, EventLog log, WatchMetrics metrics) {
        this.engine = engine;
        this.config = config;
        this.log = log;
        this.metrics = metrics;
    }

    /** Runs until {@link #stop()}: a cycle, then a wait for the interval or a trigger. */
    public void run() {
        log.event("watching", "repo", config.repo(), "branch", config.branch(), "interval", config.interval(),
                "signatures", config.trust().verifiesSignatures() ? config.trust().mode() : "not checked (insecure)");
        while (!stopped) {
            try {
                cycle();
            } catch (RuntimeException | StackOverflowError e) {
                log.event("cycle-failed", "error", String.valueOf(e.getMessage()));
            }
            waitForTrigger(config.interval());
        }
        log.event("stopped");
    }

    /** A webhook asked for a fetch; triggers that come while a cycle runs become one more cycle. */
    public void trigger(String source) {
        synchronized (wake) {
            triggered = true;
            wake.notifyAll();
        }
        log.event("triggered", "by", source);
    }

    public void stop() {
        stopped = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** One pass: fetch, and either apply a new trusted commit or check the last one for drift. */
    public void cycle() {
        DesiredState state;
        try {
            state = engine.load(config.repo(), config.branch(), false, config.trust());
        } catch (UntrustedCommit e) {
            if (!e.commit().equals(lastRefused)) { // said once per commit, not on every fetch
                lastRefused = e.commit();
                metrics.signatureRefused();
                log.event("commit-refused", "commit", e.commit(), "reason", e.getMessage(), "stays-on",
                        lastTarget == null ? "what each host has" : lastTarget);
            }
            return;
        } catch (HardenException e) {
            metrics.fetchFailed();
            log.event("fetch-failed", "error", e.getMessage());
            return;
        }
        String commit = state.source().commit();
        log.event("fetched", "commit", commit);
        boolean newCommit = !commit.equals(lastTarget);
        Instant now = Instant.now();
        if (!newCommit && now.isBefore(lastDriftCheck.plus(config.driftInterval()))) {
            return;
        }
        lastDriftCheck = now;
        try (FleetRun run = engine.plan(state, config.runOptions(), Progress.NONE)) {
            Plan plan = run.plan();
            reportHosts(plan, now);
            if (newCommit) {
                log.event("new-commit", "commit", commit, "signed", state.source().signature()
                        .map(Object::toString).orElse("not checked"), "hosts-to-change", plan.planned().stream()
                        .filter(HostPlan::hasChanges).count());
                apply(run, commit, plan.planned().stream().map(HostPlan::host).collect(Collectors.toSet()));
                lastTarget = commit;
            } else {
                drift(run, state, commit, now);
            }
        }
    }

    private void reportHosts(Plan plan, Instant now) {
        java.util.Map<String, String> now2 = new java.util.HashMap<>();
        for (HostFailure failure : plan.failures()) { // said when it starts or changes, not on every cycle
            now2.put(failure.host(), failure.message());
            if (!failure.message().equals(refusedHosts.get(failure.host()))) {
                log.event("host-refused", "host", failure.host(), "reason", failure.message());
            }
        }
        refusedHosts.keySet().stream().filter(h -> !now2.containsKey(h)).sorted()
                .forEach(h -> log.event("host-reachable", "host", h));
        refusedHosts.clear();
        refusedHosts.putAll(now2);
        exceptions(plan, now);
        List<HostPlan> held = plan.planned().stream().filter(p -> p.activeHold(now).isPresent()).toList();
        metrics.held(held.size());
        held.stream().filter(HostPlan::hasChanges).forEach(p -> log.event("host-held", "host", p.host(), "hold",
                p.activeHold(now).get().describe()));
    }

    /**
     * Exceptions in force are planned with (never fought, never healed away): said once when the
     * watcher first sees each one (and again when its end moves), and once when it is gone.
     */
    private void exceptions(Plan plan, Instant now) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (HostPlan host : plan.planned()) {
            for (dev.harden.facts.Exemption e : host.records().activeExemptions(now)) {
                String key = host.host() + " " + e.id();
                seen.put(key, e.until().toString());
                if (!e.until().toString().equals(exceptions.get(key))) {
                    log.event("exception-in-force", "host", host.host(), "exception", e.id(), "until", e.until(),
                            "by", e.by(), "reason", e.reason(), "sets", e.overlay(), "weakens",
                            e.weakens().isEmpty() ? null : String.join(",", e.weakens()));
                }
            }
        }
        exceptions.keySet().stream().filter(k -> !seen.containsKey(k) && plan.planned().stream()
                .anyMatch(p -> k.startsWith(p.host() + " "))).sorted().forEach(k -> log.event("exception-gone",
                "host", k.substring(0, k.indexOf(' ')), "exception", k.substring(k.indexOf(' ') + 1)));
        exceptions.keySet().removeIf(k -> plan.planned().stream().anyMatch(p -> k.startsWith(p.host() + " ")));
        exceptions.putAll(seen);
    }

    /**
     * Between commits: a host not yet at the target (released from hold, or back after a failure)
     * converges to it; a host at the target that differs drifted, and is healed only where
     * gitops.drift says heal.
     */
    private void drift(FleetRun run, DesiredState state, String commit, Instant now) {
        List<HostPlan> differing = run.plan().planned().stream().filter(HostPlan::hasChanges)
                .filter(p -> p.activeHold(now).isEmpty()).toList();
        Set<String> behind = differing.stream().filter(p -> !p.records().appliedCommit().equals(
                java.util.Optional.of(commit))).map(HostPlan::host).collect(Collectors.toSet());
        List<HostPlan> drifted = differing.stream().filter(p -> !behind.contains(p.host())).toList();
        metrics.drifted(drifted.size());
        for (HostPlan host : drifted) {
            log.event("drift", "host", host.host(), "commit", commit, "differs", host.changes().stream()
                    .map(c -> c.id().label()).collect(Collectors.joining(", ")));
        }
        Set<String> change = new java.util.HashSet<>(behind);
        drifted.stream().filter(p -> "heal".equals(state.policyFor(state.inventory().hosts().get(p.host()))
                .text(GitOpsSettings.DRIFT))).forEach(p -> change.add(p.host()));
        if (!behind.isEmpty()) {
            log.event("converge", "hosts", String.join(",", behind.stream().sorted().toList()), "commit", commit);
        }
        if (change.size() > behind.size()) {
            log.event("heal", "hosts", String.join(",", change.stream().filter(h -> !behind.contains(h)).sorted()
                    .toList()), "commit", commit);
        }
        if (!change.isEmpty()) {
            apply(run, commit, change);
        }
    }

    private void apply(FleetRun run, String commit, Set<String> hosts) {
        long started = System.nanoTime();
        ChangeFlow.Outcome outcome = new ChangeFlow(engine).run(run, plan -> ApplyContext.apply(commit,
                        config.operator()).withSafety(config.confirmTimeout(), config.keepGenerations(), 0),
                config.runOptions().parallelism(), ChangeFlow.Approval.ALWAYS, Progress.NONE, config.rollout(),
                hosts::contains);
        metrics.applyTook((System.nanoTime() - started) / 1e9);
        for (HostApplyResult result : outcome.results()) {
            metrics.applied(result.status().name().toLowerCase());
            if (result.status() == HostApplyResult.Status.APPLIED || result.status() == HostApplyResult.Status.UNCHANGED) {
                metrics.hostAt(result.host(), commit);
            }
            if (result.status() != HostApplyResult.Status.UNCHANGED) {
                log.event("host-" + result.status().name().toLowerCase().replace('_', '-'), "host", result.host(),
                        "commit", commit, "generation", result.generation(), "error", result.error());
            }
        }
    }

    private void waitForTrigger(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (wake) {
            while (!triggered && !stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wake.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            triggered = false;
        }
    }
}
