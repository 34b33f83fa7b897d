package dev.harden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * "harden VERSION (commit ID)": the version and the Git commit the build was made from, which the
 * build records in {@value #RESOURCE}. A build from sources without Git history (a source
 * tarball) says "unknown commit"; uncommitted changes in the build's work tree are named.
 */
final class Version implements CommandLine.IVersionProvider {

    static final String RESOURCE = "/dev/harden/cli/build-commit.properties";

    @Override
    public String[] getVersion() {
        return new String[] {describe(read())};
    }

    /** This harden's version ("development" when run from classes); saved plans record it. */
    static String number() {
        return number(read());
    }

    static String describe(Properties build) {
        String commit = build.getProperty("git.commit.id.full", "");
        if (commit.isBlank() || commit.startsWith("${")) {
            return "harden " + number(build) + " (unknown commit)";
        }
        boolean dirty = "true".equals(build.getProperty("git.dirty"));
        return "harden " + number(build) + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
    }

    private static String number(Properties build) {
        String version = build.getProperty("git.build.version", "");
        if (version.isBlank() || version.startsWith("${")) {
            String manifest = Main.class.getPackage().getImplementationVersion();
            return manifest == null ? "development" : manifest;
        }
        return version;
    }

    private static Properties read() {
        Properties build = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // no record of the build: the commit is unknown
        }
        return build;
    }
}
