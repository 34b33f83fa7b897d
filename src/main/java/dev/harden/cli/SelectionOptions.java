package dev.harden.cli;

import dev.harden.inventory.Shard;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which hosts a run works on and how many at once: the same options, with the same meaning and
 * checks, for the commands run by an operator and for the watcher.
 */
final class SelectionOptions {

    @Option(names = {"-l", "--limit"}, split = ",", paramLabel = "HOST|GROUP|GLOB",
            description = "Only these hosts, groups or globs (comma-separated; a glob like 'web-*' matches host and"
                    + " group names). Default: every host.")
    List<String> limit = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardConverter.class,
            description = "Only the I-th of N deterministic slices of the selected hosts (I from 1), so N runners"
                    + " (a CI matrix, a Kubernetes Indexed Job) split the fleet with no coordinator."
                    + " Default: no split.")
    Shard shard = Shard.ALL;

    @Option(names = "--parallel", defaultValue = "16", paramLabel = "N",
            description = "Hosts worked on at once. Default: ${DEFAULT-VALUE}")
    int parallel;

    /** The checked number of hosts worked on at once. */
    int parallelism() {
        if (parallel < 1) {
            throw new dev.harden.HardenException("--parallel must be at least 1, got " + parallel);
        }
        return parallel;
    }

    /** "2/8" as a shard; picocli names the option before the message. */
    static final class ShardConverter implements picocli.CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (dev.harden.HardenException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
