package dev.harden.cli;

import dev.harden.HardenException;
import dev.harden.engine.Engine;
import dev.harden.engine.RunOptions;
import dev.harden.metrics.WatchMetrics;
import dev.harden.source.TrustPolicy;
import dev.harden.watch.EventLog;
import dev.harden.watch.WatchConfig;
import dev.harden.watch.Watcher;
import dev.harden.watch.WebhookServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.ERROR,
        description = {
            "Follow a branch and converge the fleet to it (GitOps).",
            "",
            "On every interval, and at once after an authentic webhook, the branch is fetched; a new commit signed"
                + " by a trusted key is planned and applied with the same change flow as apply, in a staged"
                + " rollout.",
            "",
            "Between commits the last applied commit is planned again on the drift interval: hosts changed out of"
                + " band are reported, and healed where the policy says gitops.drift: heal. Hosts on hold are left"
                + " alone; a commit that does not descend from a host's last applied one is refused for it.",
            "",
            "Without --allowed-signers or --trusted-keys it refuses to start, unless --insecure-skip-signatures"
                + " says that anyone who can push may change the fleet."},
        footer = {"", "Runs until stopped (SIGTERM). Logs one line per event on stdout."})
final class WatchCommand implements Callable<Integer> {

    @Option(names = "--repo", required = true, paramLabel = "URL|PATH", description = "The desired-state repository.")
    String repo;

    @Option(names = "--branch", defaultValue = "main", paramLabel = "BRANCH",
            description = "The branch to follow. Default: ${DEFAULT-VALUE}")
    String branch;

    @Option(names = "--interval", defaultValue = "60s", paramLabel = "DURATION",
            description = "How often the branch is fetched (30s, 5m). Default: ${DEFAULT-VALUE}")
    String interval;

    @Option(names = "--drift-interval", defaultValue = "10m", paramLabel = "DURATION",
            description = "How often the last applied commit is planned again to find drift. Default: ${DEFAULT-VALUE}")
    String driftInterval;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Serve /hooks/github, /hooks/gitlab, /hooks/gitea, /metrics and /healthz here (e.g."
                    + " 127.0.0.1:9420).")
    String listen;

    @Option(names = "--webhook-secret-file", paramLabel = "FILE",
            description = "The secret shared with the Git server's webhook (without it, every webhook gets 401).")
    Path webhookSecretFile;

    @Option(names = "--insecure-skip-signatures",
            description = "Apply commits nobody signed (forward-only still applies). Anyone who can push changes the fleet.")
    boolean insecure;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "One line per event, as text or as a JSON object. Default: ${DEFAULT-VALUE}")
    String logFormat;

    @Option(names = {"-l", "--limit"}, split = ",", paramLabel = "HOST|GROUP",
            description = "Only these hosts or groups. Default: every host.")
    List<String> limit = new ArrayList<>();

    @Option(names = "--parallel", defaultValue = "16", paramLabel = "N",
            description = "Hosts worked on at once. Default: ${DEFAULT-VALUE}")
    int parallel;

    @ArgGroup(validate = false, heading = SignatureOptions.HEADING)
    SignatureOptions signatures = new SignatureOptions();

    @Mixin
    RolloutOptions rollout;

    @Mixin
    SafetyOptions safety;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        TrustPolicy trust = signatures.policy();
        if (!trust.verifiesSignatures()) {
            if (!insecure) {
                throw new HardenException("watch applies only signed commits: give --allowed-signers FILE and/or"
                        + " --trusted-keys FILE (kept outside the repository), or --insecure-skip-signatures to"
                        + " apply whatever is pushed");
            }
            trust = TrustPolicy.skippingSignatures();
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new HardenException("--log-format is text or json, got " + logFormat);
        }
        WatchConfig config = new WatchConfig(repo, branch, duration("--interval", interval),
                duration("--drift-interval", driftInterval), Optional.ofNullable(listen).map(WatchCommand::address),
                trust, Optional.ofNullable(webhookSecretFile).map(WatchCommand::secret), rollout.rollout(),
                new RunOptions(limit, Math.max(1, parallel), false, Duration.ofSeconds(15), trust),
                Duration.ofSeconds(safety.confirmTimeout), safety.keepGenerations, "harden-watch@"
                + ApplyCommand.operator().replaceFirst(".*@", ""));
        Engine engine = Terminal.engine(spec);
        EventLog log = new EventLog(System.out, logFormat.equals("json"));
        WatchMetrics metrics = new WatchMetrics();
        Watcher watcher = new Watcher(engine, config, log, metrics);
        WebhookServer server = config.listen().map(a -> new WebhookServer(a, config.webhookSecret(), watcher, metrics,
                log)).orElse(null);
        if (server != null) {
            server.start();
            log.event("listening", "address", listen, "port", server.port());
        }
        Thread stopper = new Thread(() -> {
            watcher.stop();
            if (server != null) {
                server.close();
            }
        }, "harden-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        watcher.run();
        return ExitCodes.OK;
    }

    /** "60s", "5m", "1h", or seconds. */
    static Duration duration(String option, String text) {
        try {
            if (text.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            if (text.matches("\\d+[smh]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                Duration d = switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
                if (!d.isZero()) {
                    return d;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new HardenException(option + " " + text + ": give a duration like 30s, 5m or 1h");
    }

    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        try {
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new HardenException("--listen " + text + ": give HOST:PORT, e.g. 127.0.0.1:9420");
        }
    }

    private static byte[] secret(Path file) {
        try {
            String text = Files.readString(file).strip();
            if (text.length() < 16) {
                throw new HardenException("--webhook-secret-file " + file + ": the secret is shorter than 16 characters;"
                        + " use a long random one (openssl rand -hex 32)");
            }
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HardenException("--webhook-secret-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
