package dev.harden.it;

/** The foundation scenario on Debian 13 (OpenSSH 10). */
class Debian13HardeningIT extends SshHardeningScenario {
    @Override
    String tag() {
        return "debian13";
    }
}
