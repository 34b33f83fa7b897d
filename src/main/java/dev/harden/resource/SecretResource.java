package dev.harden.resource;

import java.util.List;
import java.util.Optional;

/**
 * A secret born on its host and never leaving it: created when absent by the module's on-host
 * function {@code generate_GENERATOR} (under umask 077), read back only as a sha256 fingerprint and
 * the public value {@code derive_DERIVER} prints (e.g. a WireGuard public key). It is never
 * backed up, shown or undone: a rollback keeps it. {@code rotate} replaces an existing one.
 */
public record SecretResource(String module, String path, String generator, String deriver, int mode, String owner,
                             String group, boolean rotate, boolean canCutAccess) implements Resource {

    public SecretResource {
        ResourceId.secret(path, deriver);
        if (!generator.matches("[a-z][a-z0-9_]*") || !deriver.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("secret functions are lower-case words: " + generator + ", " + deriver);
        }
    }

    @Override
    public ResourceId id() {
        return ResourceId.secret(path, deriver);
    }

    @Override
    public Optional<Change> changeFrom(State before, String label) {
        if (before instanceof State.Other) {
            throw new UnmanageableState(path + " exists but is not a regular file; remove it or move it away");
        }
        String meta = String.format("%04o %s:%s", mode, owner, group);
        if (before instanceof State.Secret secret) {
            if (rotate) {
                return Optional.of(new Change(this, before, "rotate secret " + path + " (generated on the host)", ""));
            }
            if (secret.mode() != mode || !secret.owner().equals(owner) || !secret.group().equals(group)) {
                return Optional.of(new Change(this, before, "secret " + path + ": " + before.describe()
                        .substring("secret ".length()) + " -> " + meta, ""));
            }
            return Optional.empty();
        }
        return Optional.of(new Change(this, before, "generate secret " + path + " (" + meta
                + ", generated on the host, never leaves it)", ""));
    }

    @Override
    public List<String> apply(int index) {
        return List.of("put_secret", String.valueOf(index), path, generator, Integer.toOctalString(mode), owner, group,
                rotate ? "rotate" : "keep");
    }

    @Override
    public List<String> undo(int index, State before) {
        return List.of("keep_secret", path);
    }
}
