package dev.harden.module;

/** Something the operator should know about a host; data, not an error. */
public record Finding(Severity severity, String module, String message) {

    public enum Severity { INFO, WARNING }

    public static Finding warning(String module, String message) {
        return new Finding(Severity.WARNING, module, message);
    }

    public static Finding info(String module, String message) {
        return new Finding(Severity.INFO, module, message);
    }
}
