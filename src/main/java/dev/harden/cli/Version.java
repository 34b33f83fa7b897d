package dev.harden.cli;

import picocli.CommandLine;

/** The version from the jar manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"harden " + (version == null ? "development" : version)};
    }
}
