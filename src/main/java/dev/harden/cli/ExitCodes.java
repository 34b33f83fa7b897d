package dev.harden.cli;

/** Exit codes, shared by every command (Terraform's convention for plans). */
final class ExitCodes {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int CHANGES = 2;

    private ExitCodes() {
    }
}
