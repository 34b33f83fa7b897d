package dev.harden.cli;

import dev.harden.apply.ImageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A desired-state repository of several image roots (copies of the example's), for fleet-wide commands. */
final class ImageFleet {

    private ImageFleet() {
    }

    /**
     * The project's policies and an inventory of {@code hosts}, each its own copy of the example
     * image root; a host named "db..." is in group db, the others in group web.
     */
    static Path create(Path repo, List<String> hosts) {
        Cli.exampleRepo(repo);
        StringBuilder yaml = new StringBuilder("groups:\n  web: {}\n  db: {}\nhosts:\n");
        for (String host : hosts) {
            ImageRoots.copyTree(repo.resolve("inventory/images/debian12"), repo.resolve("inventory/images/" + host));
            yaml.append("  ").append(host).append(":\n    transport: local\n    root: inventory/images/").append(host)
                    .append("\n    groups: [").append(host.startsWith("db") ? "db" : "web").append("]\n");
        }
        try {
            Files.writeString(repo.resolve("inventory/hosts.yaml"), yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return repo;
    }
}
