package dev.harden.cli;

import picocli.CommandLine;

/** The version from the jar manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"harden " + number()};
    }

    /** This harden's version ("development" when run from classes); saved plans record it. */
    static String number() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
