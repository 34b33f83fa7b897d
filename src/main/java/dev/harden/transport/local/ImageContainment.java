package dev.harden.transport.local;

import dev.harden.transport.HostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a path inside an image root leads on this machine. The scripts harden runs against an
 * image work on the controller with every path prefixed by the root, so a symlink in the image
 * is followed on the controller: an absolute link (etc/ssh -&gt; /etc/ssh) means this machine's
 * /etc/ssh, and a relative one can climb out with "..". A path is followed component by
 * component as the kernel would, dangling links included ({@code mkdir -p} and {@code cat >}
 * would create what they point to); a component that does not exist yet is created where its
 * parent leads. Relative links that stay inside (etc/alternatives/x -&gt; ../../usr/bin/x) are fine.
 */
final class ImageContainment {

    /** Linux's own limit (MAXSYMLINKS): more links than this in one path is a loop. */
    private static final int MAX_LINKS = 40;

    private final String host;
    private final Path realRoot;

    /** @param realRoot the image root with every symlink in it resolved ({@link Path#toRealPath}) */
    ImageContainment(String host, Path realRoot) {
        this.host = host;
        this.realRoot = realRoot;
    }

    /** Refuses {@code path} (absolute, as seen on the host) when it leads outside the image. */
    void checkPath(String path) {
        Path leadsTo = leadsTo(path);
        if (!leadsTo.startsWith(realRoot)) {
            throw new HostException(host, host + ": " + path + " leads outside the image root " + realRoot + " (to "
                    + leadsTo + ", through a symlink or '..'); harden writes only inside the image: make the link"
                    + " relative and inside the image, or replace it with a real directory");
        }
    }

    /**
     * Refuses a managed file that leads outside, and any harden work file beside it that does:
     * harden stages {@code PATH.harden-new} and restores through {@code PATH.harden-restore},
     * writing through whatever is there, so a link planted under such a name would escape too.
     */
    void checkManagedFile(String path) {
        checkPath(path);
        int slash = path.lastIndexOf('/');
        String parent = path.substring(0, slash);
        String prefix = path.substring(slash + 1) + ".harden-";
        Path directory = leadsTo(parent.isEmpty() ? "/" : parent);
        if (prefix.equals(".harden-") || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(prefix)) {
                    checkPath(parent + "/" + name);
                }
            }
        } catch (IOException e) {
            throw unreadable(parent, e);
        } catch (UncheckedIOException e) {
            throw unreadable(parent, e.getCause());
        }
    }

    /**
     * Refuses a directory harden keeps its own records in ({@code /var/lib/harden}) when it, or
     * any symlink below it, leads outside: generations, backups and the lock are written and
     * read there, and a backup read through a planted link would copy this machine's files into
     * the image on rollback.
     */
    void checkStateDirectory(String path) {
        checkPath(path);
        Path directory = leadsTo(path);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Links are followed, each checked as the walk meets it and before it descends there: a
        // link that stays inside may lead to a directory holding one that does not.
        try (Stream<Path> walk = Files.walk(directory, FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(Files::isSymbolicLink).forEach(link -> checkPath(path + "/" + directory.relativize(link)));
        } catch (IOException e) {
            throw unreadable(path, e);
        } catch (UncheckedIOException e) {
            throw unreadable(path, e.getCause());
        }
    }

    /** Where {@code path} leads on this machine: every existing link followed, the rest appended. */
    Path leadsTo(String path) {
        if (!path.startsWith("/")) {
            throw new HostException(host, host + ": managed path '" + path + "' is not absolute");
        }
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        Path current = realRoot;
        int links = 0;
        try {
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    current = current.getParent() == null ? current : current.getParent();
                    continue;
                }
                Path next = current.resolve(name);
                if (!Files.isSymbolicLink(next)) {
                    current = next; // a real file or directory, or one that does not exist yet
                    continue;
                }
                if (++links > MAX_LINKS) {
                    throw new HostException(host, host + ": " + path + ": too many levels of symlinks in the image root "
                            + realRoot + " (a loop?); fix the links");
                }
                Path target = Files.readSymbolicLink(next);
                List<String> names = List.of(target.toString().split("/"));
                for (int i = names.size() - 1; i >= 0; i--) {
                    todo.push(names.get(i));
                }
                if (target.isAbsolute()) {
                    current = target.getRoot(); // this machine's "/", not the image's
                }
            }
        } catch (IOException e) {
            throw unreadable(path, e);
        }
        return current;
    }

    private HostException unreadable(String path, IOException e) {
        return new HostException(host, host + ": cannot tell where " + path + " leads in the image root " + realRoot
                + ": " + e.getMessage(), e);
    }
}
