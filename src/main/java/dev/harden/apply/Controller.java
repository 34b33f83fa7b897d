package dev.harden.apply;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine, as harden names it in host locks (so a second run can tell a live lock from a dead one). */
final class Controller {

    static final String NAME = name();

    private Controller() {
    }

    private static String name() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (UnknownHostException e) {
            return "unknown-controller";
        }
    }
}
