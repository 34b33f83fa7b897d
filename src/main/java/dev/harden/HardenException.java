package dev.harden;

/**
 * The one unchecked exception root. Its message is shown to the operator as a single line,
 * so it names what failed (file, key, host) and says what to do about it.
 */
public class HardenException extends RuntimeException {
    public HardenException(String message) {
        super(message);
    }

    public HardenException(String message, Throwable cause) {
        super(message, cause);
    }
}
