package dev.harden.module;

import dev.harden.facts.Facts;
import dev.harden.resource.DirectoryResource;
import dev.harden.resource.ResourceId;
import dev.harden.resource.State;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a file needs that a host lacks (an image root that is not a whole system yet,
 * /etc/motd.d on an older host): created 0755 root:root, parents first. A directory that exists
 * is left exactly as it is: its mode and owner are the distribution's, not harden's.
 */
public final class MissingDirectories {

    private MissingDirectories() {
    }

    /** Every directory above {@code path} and {@code path} itself, to observe. */
    public static List<ResourceId> observed(String directory) {
        List<ResourceId> ids = new ArrayList<>();
        for (String dir : chain(directory)) {
            ids.add(ResourceId.directory(dir));
        }
        return ids;
    }

    /** The ones of {@link #observed} that are missing on the host, as resources to create. */
    public static List<DirectoryResource> resources(String module, String directory, Facts facts) {
        List<DirectoryResource> missing = new ArrayList<>();
        for (String dir : chain(directory)) {
            if (facts.state(ResourceId.directory(dir)) instanceof State.Absent) {
                missing.add(DirectoryResource.of(module, dir, 0755));
            }
        }
        return missing;
    }

    /** "/usr/local/sbin" -> [/usr, /usr/local, /usr/local/sbin]. */
    private static List<String> chain(String directory) {
        List<String> chain = new ArrayList<>();
        int slash = 0;
        while ((slash = directory.indexOf('/', slash + 1)) > 0) {
            chain.add(directory.substring(0, slash));
        }
        chain.add(directory);
        return chain;
    }
}
