package dev.harden.resource;

import java.util.Objects;

/**
 * What a resource is on a host, independent of how it should be: its kind and its key (a path,
 * a package or unit name). {@code detail} is the kind's extra need for reading its state: for a
 * secret, the on-host function that derives its public value ("" otherwise).
 */
public record ResourceId(Kind kind, String key, String detail) implements Comparable<ResourceId> {

    public ResourceId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        detail = detail == null ? "" : detail;
        kind.checkKey(key);
    }

    public static ResourceId file(String path) {
        return new ResourceId(Kind.FILE, path, "");
    }

    public static ResourceId directory(String path) {
        return new ResourceId(Kind.DIRECTORY, path, "");
    }

    public static ResourceId link(String path) {
        return new ResourceId(Kind.LINK, path, "");
    }

    public static ResourceId pkg(String name) {
        return new ResourceId(Kind.PACKAGE, name, "");
    }

    public static ResourceId unit(String name) {
        return new ResourceId(Kind.UNIT, name, "");
    }

    /** A secret file whose public value the on-host function {@code derive_DERIVER} prints. */
    public static ResourceId secret(String path, String deriver) {
        return new ResourceId(Kind.SECRET, path, deriver);
    }

    /** "file /etc/ssh/sshd_config", "package ufw", "unit ufw.service". */
    public String label() {
        return kind.word() + " " + key;
    }

    @Override
    public int compareTo(ResourceId other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : key.compareTo(other.key);
    }
}
