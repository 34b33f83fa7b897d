package dev.harden.module.apparmor;

import java.util.Optional;

/**
 * One entry of apparmor.profiles: the profile's file name in /etc/apparmor.d, the repository
 * template it is rendered from (templates/apparmor/NAME; empty for a profile the host already has,
 * shipped by the distribution or a package), and the mode the policy puts it in.
 */
record ProfileSpec(String name, Optional<String> template, Mode mode) {

    /** Where the profile comes from, for plans and the managed list: "repository" or "host". */
    String source() {
        return template.isPresent() ? "repository" : "host";
    }
}
