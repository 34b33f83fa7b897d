package dev.harden.apply;

import dev.harden.resource.Kinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The on-host library every protocol step runs with, and every generation keeps as lib.sh. */
final class Protocol {

    static final String SCRIPT = load();

    private Protocol() {
    }

    /** protocol.sh, kinds.sh and the modules' on-host functions, in one text. */
    static String library(String modulesCode) {
        return SCRIPT + "\n" + Kinds.SCRIPT + "\n" + modulesCode + "\n";
    }

    private static String load() {
        try (InputStream in = Protocol.class.getResourceAsStream("protocol.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("protocol.sh missing from the harden jar", e);
        }
    }
}
