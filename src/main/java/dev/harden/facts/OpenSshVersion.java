package dev.harden.facts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An OpenSSH release, e.g. 9.2p1 or 10.0p2, parsed from a banner or a package version. */
public record OpenSshVersion(int major, int minor) implements Comparable<OpenSshVersion> {

    private static final Pattern VERSION = Pattern.compile("(?:OpenSSH_|^(?:\\d+:)?)(\\d+)\\.(\\d+)");

    /** Parses "OpenSSH_9.2p1 Debian-2" or a Debian package version "1:9.2p1-2+deb12u3". */
    public static Optional<OpenSshVersion> parse(String text) {
        Matcher m = VERSION.matcher(text.strip());
        return m.find() ? Optional.of(new OpenSshVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return compareTo(new OpenSshVersion(wantMajor, wantMinor)) >= 0;
    }

    @Override
    public int compareTo(OpenSshVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
