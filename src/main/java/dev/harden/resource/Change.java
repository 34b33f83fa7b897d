package dev.harden.resource;

/**
 * One resource that differs between a host and the desired state: what is there now (its
 * fingerprint is checked again right before activation), what should be, a one-line summary
 * ("update /etc/ssh/sshd_config (content)", "install package ufw") and, for files, a unified
 * diff (or a note instead of one when the content is sensitive).
 */
public record Change(Resource desired, State before, String summary, String diff) {

    public String module() {
        return desired.module();
    }

    public ResourceId id() {
        return desired.id();
    }

    /** The state the host must still be in when the change is made. */
    public String precondition() {
        return before.fingerprint();
    }

    /** True when services must pick the change up: new file content or link target, any other kind. */
    public boolean affectsServices() {
        if (desired instanceof FileResource file) {
            return file.absent() ? before instanceof State.File
                    : !(before instanceof State.File present) || !java.util.Arrays.equals(present.content(), file.content());
        }
        return true;
    }

    public boolean sensitive() {
        return desired instanceof FileResource file && file.sensitive() || desired instanceof SecretResource;
    }
}
